using Npgsql;

namespace Mlops.Storage.PostgreSql.Tests.TestSupport;

/// <summary>
/// The PostgreSQL server the tests use: the superuser connection string in <c>MLOPS_TEST_POSTGRES</c>, exported by
/// <c>.ci/services/postgres.sh</c>. Without it a test is skipped on a developer box, and fails under CI (<c>CI=true</c>),
/// where a missing service is a defect.
/// </summary>
internal static class TestServer
{
    public const string Variable = "MLOPS_TEST_POSTGRES";

    /// <summary>The superuser connection string, or a skip (developer box) / failure (CI) of the current test.</summary>
    public static string RequireConnectionString()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        const string Reason = $"{Variable} is not set: start a throwaway server with `pids=(); source .ci/services/postgres.sh` "
            + "(it exports the variable) to run the PostgreSQL tests.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("Under CI the PostgreSQL service is required. " + Reason);
        }

        Assert.Skip(Reason);
        return string.Empty; // not reached
    }

    /// <summary>Creates a new empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var admin = RequireConnectionString();
        var name = "mlops_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing what is still connected to it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var admin = RequireConnectionString();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
