using Npgsql;

namespace Mlops.Storage.PostgreSql.Internal;

/// <summary>Classifies PostgreSQL and Npgsql errors.</summary>
internal static class PostgreSqlErrors
{
    /// <summary>23505: a unique constraint refused a row another writer inserted first.</summary>
    public const string UniqueViolation = "23505";

    /// <summary>3D000: the database named in the connection string does not exist.</summary>
    public const string InvalidCatalogName = "3D000";

    /// <summary>
    /// Worth retrying the whole transaction: a serialization failure or deadlock (the server rolled the transaction
    /// back), or a connection lost before the transaction could commit (<see cref="NpgsqlException.IsTransient"/>).
    /// </summary>
    public static bool IsRetryable(NpgsqlException exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState is "40001" or "40P01" or "57P01" or "57P03",
        _ => exception.IsTransient,
    };
}
