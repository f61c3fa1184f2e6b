using System.Data.Common;
using System.Runtime.InteropServices;
using Mlops.Storage.Relational;
using Mlops.Storage.Sqlite.Internal;
using Mlops.Tracking;
using Npgsql;
using NpgsqlTypes;

namespace Mlops.Storage.PostgreSql;

internal sealed partial class PostgreSqlMlopsStore
{
    /// <summary>
    /// Writes the batch with one binary <c>COPY</c> of the chunks and one set-based upsert of the latest values, without
    /// the write lock. Series are written in (run, key) order, so two batches never lock rows in opposite orders.
    /// </summary>
    private protected override void WriteMetricSeries(
        DbConnection connection, ReadOnlySpan<MetricPoint> points, Dictionary<(long RunKey, string Key), MetricSeries> series)
    {
        var ordered = series.OrderBy(s => s.Key.RunKey).ThenBy(s => s.Key.Key, StringComparer.Ordinal).ToList();
        using (var importer = ((NpgsqlConnection)connection).BeginBinaryImport("COPY metric_chunks (run_key, key, points) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var ((seriesRunKey, key), entry) in ordered)
            {
                var indexes = CollectionsMarshal.AsSpan(entry.Indexes);
                for (var start = 0; start < indexes.Length; start += MetricChunk.MaxPoints)
                {
                    var chunk = indexes.Slice(start, Math.Min(MetricChunk.MaxPoints, indexes.Length - start));
                    importer.StartRow();
                    importer.Write(seriesRunKey, NpgsqlDbType.Bigint);
                    importer.Write(key, NpgsqlDbType.Text);
                    importer.Write(MetricChunk.Encode(points, chunk), NpgsqlDbType.Bytea);
                }
            }

            importer.Complete();
        }

        var runKeys = new long[ordered.Count];
        var keys = new string[ordered.Count];
        var steps = new long[ordered.Count];
        var timestamps = new long[ordered.Count];
        var values = new double?[ordered.Count];
        for (var i = 0; i < ordered.Count; i++)
        {
            ref readonly var latest = ref points[ordered[i].Value.Latest];
            runKeys[i] = ordered[i].Key.RunKey;
            keys[i] = ordered[i].Key.Key;
            steps[i] = latest.Step;
            timestamps[i] = latest.TimestampMs;
            // NULL stands for NaN (as in the SQLite schema): NaN then never matches a search comparison and sorts last.
            values[i] = double.IsNaN(latest.Value) ? null : latest.Value;
        }

        // The later point wins a tie on step and timestamp: it was appended last.
        connection.Command("""
                INSERT INTO latest_metrics (run_key, key, step, ts, value)
                SELECT * FROM unnest(@runs, @keys, @steps, @ts, @values)
                ON CONFLICT (run_key, key) DO UPDATE SET step = excluded.step, ts = excluded.ts, value = excluded.value
                WHERE excluded.step > latest_metrics.step OR (excluded.step = latest_metrics.step AND excluded.ts >= latest_metrics.ts)
                """)
            .With("@runs", runKeys).With("@keys", keys).With("@steps", steps).With("@ts", timestamps).With("@values", values)
            .Run();
    }
}
