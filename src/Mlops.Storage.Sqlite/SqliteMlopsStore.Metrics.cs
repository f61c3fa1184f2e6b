using System.Data.Common;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Mlops.Storage.Sqlite.Internal;
using Mlops.Tracking;

namespace Mlops.Storage.Sqlite;

internal sealed partial class SqliteMlopsStore
{
    /// <summary>
    /// Writes the batch through <see cref="MetricWriter"/>: its two commands are prepared once on the writer connection
    /// and reused for every chunk and every batch, which is what makes SQLite ingest fast.
    /// </summary>
    private protected override void WriteMetricSeries(
        DbConnection connection, ReadOnlySpan<MetricPoint> points, Dictionary<(long RunKey, string Key), MetricSeries> series)
    {
        var writer = _metricWriter ??= new MetricWriter((SqliteConnection)connection);
        foreach (var ((seriesRunKey, key), entry) in series)
        {
            var indexes = CollectionsMarshal.AsSpan(entry.Indexes);
            for (var start = 0; start < indexes.Length; start += MetricChunk.MaxPoints)
            {
                var chunk = indexes.Slice(start, Math.Min(MetricChunk.MaxPoints, indexes.Length - start));
                writer.InsertChunk(seriesRunKey, key, MetricChunk.Encode(points, chunk));
            }

            ref readonly var latest = ref points[entry.Latest];
            writer.UpsertLatest(seriesRunKey, key, latest.Step, latest.TimestampMs, latest.Value);
        }
    }
}
