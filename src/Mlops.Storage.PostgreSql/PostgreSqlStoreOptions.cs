using System.ComponentModel.DataAnnotations;

namespace Mlops.Storage.PostgreSql;

/// <summary>Options of the PostgreSQL metadata store, validated when the host starts.</summary>
public sealed class PostgreSqlStoreOptions
{
    /// <summary>
    /// The Npgsql connection string, such as <c>Host=db;Database=mlops;Username=mlops;Password=...</c>. The database must
    /// exist; the store creates and migrates its tables in it (the user needs the right to create tables the first time).
    /// </summary>
    /// <value>Required; no default.</value>
    [Required]
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// How many times a whole transaction (or opening the store) is retried, with backoff, after a transient failure:
    /// a deadlock, a serialization failure, or a connection lost before commit (such as a server restart). After that a
    /// <see cref="MlopsStorageException"/> is thrown.
    /// </summary>
    /// <value>5. Between 0 and 100.</value>
    [Range(0, 100)]
    public int MaxRetries { get; set; } = 5;
}
