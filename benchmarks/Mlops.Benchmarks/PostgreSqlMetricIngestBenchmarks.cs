using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Tracking;
using Npgsql;
using NpgsqlTypes;

namespace Mlops.Benchmarks;

/// <summary>
/// Durable metric ingest into PostgreSQL: N points logged through RunScope.LogMetric and made durable by FlushAsync on a
/// tracker whose store is PostgreSQL, against the baseline of a raw, hand-written Npgsql binary COPY
/// (<c>BeginBinaryImport</c>) of the same rows (run id, key, value, step, timestamp) into a plain table in one transaction —
/// what a team would write by hand. Both get a fresh database per iteration on the same server, named by
/// <c>MLOPS_BENCH_POSTGRES</c>.
/// </summary>
[MemoryDiagnoser]
public class PostgreSqlMetricIngestBenchmarks
{
    public const string Variable = "MLOPS_BENCH_POSTGRES";
    private static readonly string[] Keys = ["loss", "accuracy", "learning_rate", "grad_norm", "val_loss"];

    private string _admin = "";
    private string _database = "";
    private string _runId = "";
    private ServiceProvider? _provider;
    private RunScope? _run;

    [Params(500_000)]
    public int Points { get; set; }

    [GlobalSetup]
    public void RequireServer()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set: it must hold the Npgsql connection string of a PostgreSQL superuser (the benchmark creates and drops a "
                + "database per iteration). Start a throwaway server from the repository root in the same shell: "
                + $"`pids=(); source .ci/services/postgres.sh; export {Variable}=$MLOPS_TEST_POSTGRES`.");
        }

        _admin = value;
    }

    [IterationSetup(Target = nameof(RawBinaryCopy))]
    public void SetupRaw()
    {
        var connectionString = CreateDatabase();
        _runId = Guid.NewGuid().ToString("N");
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var create = new NpgsqlCommand(
            "CREATE TABLE metrics (run_id text NOT NULL, key text NOT NULL, value double precision, step bigint NOT NULL, timestamp bigint NOT NULL)",
            connection);
        create.ExecuteNonQuery();
    }

    [IterationCleanup(Target = nameof(RawBinaryCopy))]
    public void CleanupRaw() => DropDatabase();

    [IterationSetup(Target = nameof(MlopsLogMetricAndFlush))]
    public void SetupMlops()
    {
        var connectionString = CreateDatabase();
        var services = new ServiceCollection();
        services.AddMlops(m => m
            .UsePostgreSql(connectionString)
            .UseFileSystemArtifacts(Path.Combine(Path.GetTempPath(), "mlops-bench-pg-artifacts-" + _database))
            .UseActor("bench")
            .AddTracking(o => o.CaptureEnvironment = false));
        _provider = services.BuildServiceProvider();
        _run = _provider.GetRequiredService<IExperimentTracker>().StartRunAsync("bench").GetAwaiter().GetResult();
    }

    [IterationCleanup(Target = nameof(MlopsLogMetricAndFlush))]
    public void CleanupMlops()
    {
        _run!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _provider!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        var artifacts = Path.Combine(Path.GetTempPath(), "mlops-bench-pg-artifacts-" + _database);
        if (Directory.Exists(artifacts))
        {
            Directory.Delete(artifacts, recursive: true);
        }

        DropDatabase();
    }

    [Benchmark(Baseline = true)]
    public void RawBinaryCopy()
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ConnectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using (var importer = connection.BeginBinaryImport("COPY metrics (run_id, key, value, step, timestamp) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < Points; i++)
            {
                importer.StartRow();
                importer.Write(_runId, NpgsqlDbType.Text);
                importer.Write(Keys[i % Keys.Length], NpgsqlDbType.Text);
                importer.Write(i * 0.5, NpgsqlDbType.Double);
                importer.Write((long)(i / Keys.Length), NpgsqlDbType.Bigint);
                importer.Write(now, NpgsqlDbType.Bigint);
            }

            importer.Complete();
        }

        transaction.Commit();
    }

    [Benchmark]
    public void MlopsLogMetricAndFlush()
    {
        var run = _run!;
        for (var i = 0; i < Points; i++)
        {
            run.LogMetric(Keys[i % Keys.Length], i * 0.5, i / Keys.Length);
        }

        run.FlushAsync().GetAwaiter().GetResult();
    }

    private string CreateDatabase()
    {
        _database = "mlops_bench_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(_admin))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
            create.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ConnectionString;
    }

    private void DropDatabase()
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(_admin);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}
