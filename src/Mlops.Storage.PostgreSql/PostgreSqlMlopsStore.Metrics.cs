using System.Runtime.InteropServices;
using NpgsqlTypes;
using Mlops.Storage.PostgreSql.Internal;
using Mlops.Storage.Sqlite.Internal;
using Mlops.Tracking;

namespace Mlops.Storage.PostgreSql;

internal sealed partial class PostgreSqlMlopsStore
{
    /// <inheritdoc />
    public Task AppendMetricsAsync(ReadOnlyMemory<MetricPoint> points, CancellationToken cancellationToken = default)
    {
        foreach (ref readonly var point in points.Span)
        {
            StoreInput.Id("run id", point.RunId);
            InputRules.ValidateKey("metric key", point.Key);
        }

        if (points.IsEmpty)
        {
            return Task.CompletedTask;
        }

        // No write lock: the chunks are new rows and the latest-value upsert settles races row by row, so ingest runs
        // beside other writers. Series are written in (run, key) order, so two batches never lock rows in opposite orders.
        return WriteAsync("appending metrics", serialized: false, connection =>
        {
            var span = points.Span;

            // Resolve every run first: a missing run fails the batch before any row is written.
            var series = new Dictionary<(long RunKey, string Key), Series>();
            string? previousRunId = null;
            long runKey = 0;
            for (var i = 0; i < span.Length; i++)
            {
                if (!string.Equals(span[i].RunId, previousRunId, StringComparison.Ordinal))
                {
                    runKey = RequireRunKey(connection, span[i].RunId);
                    previousRunId = span[i].RunId;
                }

                // Group by (run, key) in append order, and find each group's latest point in memory, so that the
                // latest-value table is written once per group.
                if (!series.TryGetValue((runKey, span[i].Key), out var entry))
                {
                    series[(runKey, span[i].Key)] = entry = new Series(i);
                }
                else if (span[i].Step > span[entry.Latest].Step
                    || (span[i].Step == span[entry.Latest].Step && span[i].TimestampMs >= span[entry.Latest].TimestampMs))
                {
                    entry.Latest = i;
                }

                entry.Indexes.Add(i);
            }

            var ordered = series.OrderBy(s => s.Key.RunKey).ThenBy(s => s.Key.Key, StringComparer.Ordinal).ToList();
            using (var importer = connection.BeginBinaryImport("COPY metric_chunks (run_key, key, points) FROM STDIN (FORMAT BINARY)"))
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
                        importer.Write(MetricChunk.Encode(span, chunk), NpgsqlDbType.Bytea);
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
                ref readonly var latest = ref span[ordered[i].Value.Latest];
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
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default)
    {
        StoreInput.Id("run id", runId);
        StoreInput.Required("metric key", key);
        return ReadAsync<IReadOnlyList<Metric>>("reading a metric history", connection =>
        {
            var runKey = RequireRunKey(connection, runId);
            using var command = connection.Command("SELECT points FROM metric_chunks WHERE run_key = @run AND key = @key ORDER BY chunk_id")
                .With("@run", runKey).With("@key", key);
            using var reader = command.ExecuteReader();
            var history = new List<Metric>();
            while (reader.Read())
            {
                MetricChunk.Decode(key, (byte[])reader.GetValue(0), history);
            }

            // Points are in append order; a stable sort by step, then timestamp, keeps append order for ties.
            var ordered = new Metric[history.Count];
            var order = new int[history.Count];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            Array.Sort(order, (a, b) =>
            {
                var byStep = history[a].Step.CompareTo(history[b].Step);
                if (byStep != 0)
                {
                    return byStep;
                }

                var byTime = history[a].Timestamp.CompareTo(history[b].Timestamp);
                return byTime != 0 ? byTime : a.CompareTo(b);
            });
            for (var i = 0; i < order.Length; i++)
            {
                ordered[i] = history[order[i]];
            }

            return ordered;
        }, cancellationToken);
    }

    /// <summary>The points of one (run, key) in a batch, and the index of the latest of them.</summary>
    private sealed class Series(int first)
    {
        public List<int> Indexes { get; } = [];

        public int Latest { get; set; } = first;
    }
}
