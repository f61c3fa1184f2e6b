using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;

namespace Mlops.Benchmarks;

/// <summary>
/// Durable metric ingest: N points logged through RunScope.LogMetric and made durable by FlushAsync, against the
/// baseline of a raw, hand-written Microsoft.Data.Sqlite insert of the same rows into a fresh WAL database with the same
/// durability (synchronous=FULL), one prepared command, one transaction per 8192 rows — what a team would write by hand.
/// </summary>
[MemoryDiagnoser]
public class MetricIngestBenchmarks
{
    private const int BatchSize = 8192;
    private static readonly string[] Keys = ["loss", "accuracy", "learning_rate", "grad_norm", "val_loss"];

    private BenchmarkStore? _store;
    private string? _rawDirectory;
    private string _runId = "";

    [Params(500_000)]
    public int Points { get; set; }

    [IterationSetup(Target = nameof(RawBatchedInsert))]
    public void SetupRaw()
    {
        _rawDirectory = Path.Combine(Path.GetTempPath(), "mlops-bench-raw-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_rawDirectory);
        _runId = Guid.NewGuid().ToString("N");
        using var connection = OpenRaw();
        using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE metrics (run_id TEXT NOT NULL, key TEXT NOT NULL, value REAL, step INTEGER NOT NULL, timestamp INTEGER NOT NULL)";
        create.ExecuteNonQuery();
    }

    [IterationCleanup(Target = nameof(RawBatchedInsert))]
    public void CleanupRaw()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_rawDirectory!, recursive: true);
    }

    [IterationSetup(Target = nameof(MlopsLogMetricAndFlush))]
    public void SetupMlops() => _store = new BenchmarkStore();

    [IterationCleanup(Target = nameof(MlopsLogMetricAndFlush))]
    public void CleanupMlops() => _store!.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public void RawBatchedInsert()
    {
        using var connection = OpenRaw();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO metrics (run_id, key, value, step, timestamp) VALUES ($run, $key, $value, $step, $ts)";
        var run = insert.Parameters.Add("$run", SqliteType.Text);
        var key = insert.Parameters.Add("$key", SqliteType.Text);
        var value = insert.Parameters.Add("$value", SqliteType.Real);
        var step = insert.Parameters.Add("$step", SqliteType.Integer);
        var ts = insert.Parameters.Add("$ts", SqliteType.Integer);
        insert.Prepare();
        run.Value = _runId;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var start = 0; start < Points; start += BatchSize)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            var end = Math.Min(Points, start + BatchSize);
            for (var i = start; i < end; i++)
            {
                key.Value = Keys[i % Keys.Length];
                value.Value = i * 0.5;
                step.Value = (long)(i / Keys.Length);
                ts.Value = now;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    [Benchmark]
    public void MlopsLogMetricAndFlush()
    {
        var run = _store!.Run;
        for (var i = 0; i < Points; i++)
        {
            run.LogMetric(Keys[i % Keys.Length], i * 0.5, i / Keys.Length);
        }

        run.FlushAsync().GetAwaiter().GetResult();
    }

    private SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(_rawDirectory!, "raw.db")}");
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;";
        pragma.ExecuteNonQuery();
        return connection;
    }
}
