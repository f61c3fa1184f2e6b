using Microsoft.Data.Sqlite;

namespace Mlops.Storage.Sqlite.Internal;

/// <summary>
/// The prepared commands of the metric ingest path, created once on the writer connection and reused for every batch
/// (only the parameter values change).
/// </summary>
internal sealed class MetricWriter : IDisposable
{
    private readonly SqliteCommand _insertChunk;
    private readonly SqliteParameter _chunkRun;
    private readonly SqliteParameter _chunkKey;
    private readonly SqliteParameter _chunkPoints;
    private readonly SqliteCommand _upsert;
    private readonly SqliteParameter _upsertRun;
    private readonly SqliteParameter _upsertKey;
    private readonly SqliteParameter _upsertStep;
    private readonly SqliteParameter _upsertTimestamp;
    private readonly SqliteParameter _upsertValue;

    public MetricWriter(SqliteConnection connection)
    {
        _insertChunk = connection.CreateCommand();
        _insertChunk.CommandText = "INSERT INTO metric_chunks (run_key, key, points) VALUES ($run, $key, $points)";
        _chunkRun = _insertChunk.Parameters.Add("$run", SqliteType.Integer);
        _chunkKey = _insertChunk.Parameters.Add("$key", SqliteType.Text);
        _chunkPoints = _insertChunk.Parameters.Add("$points", SqliteType.Blob);

        // The later point wins a tie on step and timestamp: it was appended last.
        _upsert = connection.CreateCommand();
        _upsert.CommandText = """
            INSERT INTO latest_metrics (run_key, key, step, ts, value) VALUES ($run, $key, $step, $ts, $value)
            ON CONFLICT (run_key, key) DO UPDATE SET step = excluded.step, ts = excluded.ts, value = excluded.value
            WHERE excluded.step > latest_metrics.step OR (excluded.step = latest_metrics.step AND excluded.ts >= latest_metrics.ts)
            """;
        _upsertRun = _upsert.Parameters.Add("$run", SqliteType.Integer);
        _upsertKey = _upsert.Parameters.Add("$key", SqliteType.Text);
        _upsertStep = _upsert.Parameters.Add("$step", SqliteType.Integer);
        _upsertTimestamp = _upsert.Parameters.Add("$ts", SqliteType.Integer);
        _upsertValue = _upsert.Parameters.Add("$value", SqliteType.Real);
        _insertChunk.Prepare();
        _upsert.Prepare();
    }

    public void InsertChunk(long runKey, string key, byte[] points)
    {
        _chunkRun.Value = runKey;
        _chunkKey.Value = key;
        _chunkPoints.Value = points;
        _insertChunk.ExecuteNonQuery();
    }

    public void UpsertLatest(long runKey, string key, long step, long timestampMs, double value)
    {
        _upsertRun.Value = runKey;
        _upsertKey.Value = key;
        _upsertStep.Value = step;
        _upsertTimestamp.Value = timestampMs;
        // SQLite turns NaN into NULL anyway; saying so keeps the convention visible: NULL means NaN.
        _upsertValue.Value = double.IsNaN(value) ? DBNull.Value : value;
        _upsert.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _insertChunk.Dispose();
        _upsert.Dispose();
    }
}
