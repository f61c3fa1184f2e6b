using Microsoft.Data.Sqlite;

namespace Mlops.Cli.Connection;

/// <summary>A resolved connection: which provider, its connection string, the artifact folder, and where each came from.</summary>
internal sealed record StoreSettings(StoreProvider Provider, string ConnectionString, string ArtifactsPath, string Source)
{
    /// <summary>The SQLite file, or null for PostgreSQL and in-memory databases.</summary>
    public string? SqliteFile =>
        Provider == StoreProvider.Sqlite && new SqliteConnectionStringBuilder(ConnectionString) is { Mode: not SqliteOpenMode.Memory } b
            && b.DataSource is { Length: > 0 } path && path != ":memory:"
            ? Path.GetFullPath(path)
            : null;

    /// <summary>What to print about the store: the SQLite file, or PostgreSQL's host and database, never a password.</summary>
    public string Display => Provider switch
    {
        StoreProvider.Sqlite => SqliteFile ?? "SQLite (in memory)",
        _ => DescribePostgreSql(ConnectionString),
    };

    /// <summary>
    /// Reads a --store value: a <c>postgres://</c> URI or a connection string naming a host is PostgreSQL, one naming a data
    /// source SQLite; anything else is a SQLite file path.
    /// </summary>
    public static (StoreProvider Provider, string ConnectionString) Parse(string option, string value, string baseDirectory)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new CliUsageException(option, value, "give a SQLite file path or a connection string.");
        }

        if (PostgreSqlUri.IsUri(value))
        {
            return (StoreProvider.PostgreSql, PostgreSqlUri.ToConnectionString(option, value));
        }

        var keys = value.Contains('=', StringComparison.Ordinal) ? Keys(value) : [];
        if (keys.Contains("host") || keys.Contains("server"))
        {
            return (StoreProvider.PostgreSql, value);
        }

        if (keys.Contains("data source") || keys.Contains("datasource") || keys.Contains("filename"))
        {
            var builder = new SqliteConnectionStringBuilder(value);
            if (builder.DataSource is { Length: > 0 } path && path != ":memory:" && !Path.IsPathRooted(path))
            {
                builder.DataSource = Path.GetFullPath(path, baseDirectory);
            }

            return (StoreProvider.Sqlite, builder.ToString());
        }

        if (keys.Count > 0)
        {
            throw new CliUsageException(option, value,
                "a connection string must name a PostgreSQL Host (or Server) or a SQLite Data Source.");
        }

        return (StoreProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(value, baseDirectory) }.ToString());
    }

    private static HashSet<string> Keys(string connectionString) =>
        connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2)[0].Trim().ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);

    private static string DescribePostgreSql(string connectionString)
    {
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2 && p[0].Trim().ToLowerInvariant() is "host" or "server" or "port" or "database")
            .Select(p => $"{p[0].Trim()}={p[1].Trim()}");
        return "PostgreSQL " + string.Join(';', parts);
    }
}
