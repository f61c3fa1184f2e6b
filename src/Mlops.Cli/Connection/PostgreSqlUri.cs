using Npgsql;

namespace Mlops.Cli.Connection;

/// <summary>
/// Reads a libpq connection URI (<c>postgres://user:password@host:port/database?sslmode=require</c>, also
/// <c>postgresql://</c>) into an Npgsql connection string: the form cloud consoles, Heroku-style DATABASE_URL variables
/// and psql use. Percent-escapes are decoded; one host only; the query parameters Npgsql has an equivalent for are taken,
/// any other is refused by name. Error messages never repeat the password.
/// </summary>
internal static class PostgreSqlUri
{
    private static readonly Dictionary<string, string> Parameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["target_session_attrs"] = "Target Session Attributes",
        ["options"] = "Options",
        ["user"] = "Username",
        ["password"] = "Password",
        ["dbname"] = "Database",
        ["host"] = "Host",
        ["port"] = "Port",
    };

    public static bool IsUri(string value) =>
        value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    public static string ToConnectionString(string option, string value)
    {
        var shown = Redact(value);
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw new CliUsageException(option, shown,
                "not a PostgreSQL connection URI: write postgres://user:password@host[:port]/database[?sslmode=...] (one host).");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.DnsSafeHost };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var name = Uri.UnescapeDataString(parts[0]);
            var setting = parts.Length == 2 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : string.Empty;
            if (!Parameters.TryGetValue(name, out var keyword))
            {
                throw new CliUsageException(option, shown,
                    $"the query parameter '{name}' is not supported (supported: {string.Join(", ", Parameters.Keys)}).");
            }

            // libpq spells SSL modes verify-full/verify-ca; Npgsql's names have no dash.
            var normalized = keyword == "SSL Mode" ? setting.Replace("-", string.Empty, StringComparison.Ordinal) : setting;
            try
            {
                builder[keyword] = normalized;
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                throw new CliUsageException(option, shown, $"the query parameter '{name}={setting}' is not valid: {e.Message}");
            }
        }

        return builder.ConnectionString;
    }

    /// <summary>The URI with its password replaced by <c>***</c>.</summary>
    public static string Redact(string value)
    {
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (scheme < 0 || at < 0)
        {
            return value;
        }

        var colon = value.IndexOf(':', scheme + 3);
        return colon >= 0 && colon < at ? value[..(colon + 1)] + "***" + value[at..] : value;
    }
}
