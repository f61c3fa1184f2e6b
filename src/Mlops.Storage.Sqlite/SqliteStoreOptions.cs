using System.ComponentModel.DataAnnotations;

namespace Mlops.Storage.Sqlite;

/// <summary>Options of the SQLite metadata store, validated when the host starts.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>
    /// The Microsoft.Data.Sqlite connection string, such as <c>Data Source=.mlops/mlops.db</c>. The directory of the
    /// file is created when missing. In-memory databases are not supported (the writer and the readers use separate connections).
    /// </summary>
    /// <value>Required; no default.</value>
    [Required]
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>How long one statement waits for another connection or process to release the database lock.</summary>
    /// <value>30 seconds. Between 0 and 10 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many times a whole write transaction (or opening the database) is retried, with backoff, when the database
    /// stays busy beyond <see cref="BusyTimeout"/>. After that a <see cref="MlopsStorageException"/> is thrown.
    /// </summary>
    /// <value>5. Between 0 and 100.</value>
    [Range(0, 100)]
    public int MaxBusyRetries { get; set; } = 5;

    /// <summary>The durability of commits (<c>PRAGMA synchronous</c>).</summary>
    /// <value><see cref="SqliteSynchronousMode.Full"/>: a flushed write survives a process kill and an OS crash.</value>
    [EnumDataType(typeof(SqliteSynchronousMode))]
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Full;
}
