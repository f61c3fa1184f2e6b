using System.Data.Common;
using Mlops.Storage.Sqlite.Internal;
using Mlops.Tracking;

namespace Mlops.Storage.Relational;

internal abstract partial class RelationalMlopsStore
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

        // Not serialized where the engine allows it: the chunks are new rows and the latest-value upsert settles races row
        // by row, so ingest can run beside other writers.
        return WriteAsync("appending metrics", serialized: false, connection =>
        {
            var span = points.Span;

            // Resolve every run first: a missing run fails the batch before any row is written.
            var series = new Dictionary<(long RunKey, string Key), MetricSeries>();
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
                    series[(runKey, span[i].Key)] = entry = new MetricSeries(i);
                }
                else if (span[i].Step > span[entry.Latest].Step
                    || (span[i].Step == span[entry.Latest].Step && span[i].TimestampMs >= span[entry.Latest].TimestampMs))
                {
                    entry.Latest = i;
                }

                entry.Indexes.Add(i);
            }

            WriteMetricSeries(connection, span, series);
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

    /// <summary>
    /// Writes a batch grouped by (run, key), inside the write transaction: each series' points as chunks of at most
    /// <see cref="MetricChunk.MaxPoints"/> (in <see cref="MetricChunk"/> encoding), and its latest point into
    /// <c>latest_metrics</c> unless the stored one is later (a tie on step and timestamp goes to the new point).
    /// </summary>
    private protected abstract void WriteMetricSeries(
        DbConnection connection, ReadOnlySpan<MetricPoint> points, Dictionary<(long RunKey, string Key), MetricSeries> series);

    /// <summary>The points of one (run, key) in a batch, and the index of the latest of them.</summary>
    private protected sealed class MetricSeries(int first)
    {
        public List<int> Indexes { get; } = [];

        public int Latest { get; set; } = first;
    }
}
