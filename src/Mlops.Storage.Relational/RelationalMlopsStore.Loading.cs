using System.Data.Common;
using Mlops.Tracking;

namespace Mlops.Storage.Relational;

internal abstract partial class RelationalMlopsStore
{
    private const string RunColumns =
        "r.run_key, r.run_id, r.experiment_id, r.run_name, r.parent_run_id, r.status, r.start_time, r.end_time, r.user_name, r.error";

    private static RunInfo MapRunInfo(DbDataReader reader) => new(
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetNullableString(4),
        RunStatusText.Parse(reader.GetString(5)),
        reader.GetTimestamp(6),
        reader.GetNullableInt64(7) is { } end ? DateTimeOffset.FromUnixTimeMilliseconds(end) : null,
        reader.GetString(8),
        reader.GetNullableString(9));

    private static List<RunInfo> ReadRunInfos(DbCommand command)
    {
        using var reader = command.ExecuteReader();
        var runs = new List<RunInfo>();
        while (reader.Read())
        {
            runs.Add(MapRunInfo(reader));
        }

        return runs;
    }

    /// <summary>Loads full runs (params, tags, latest metrics, inputs) for the keys, in the order of the keys.</summary>
    private List<Run> LoadRuns(DbConnection connection, List<long> runKeys)
    {
        if (runKeys.Count == 0)
        {
            return [];
        }

        // The run keys of a page are bound as one parameter (see ISqlDialect.KeySet).
        var keys = Dialect.KeySet(runKeys);
        var inKeys = Dialect.InKeys("run_key");
        var infos = new Dictionary<long, RunInfo>(runKeys.Count);
        using (var command = connection.Command($"SELECT {RunColumns} FROM runs r WHERE r.{inKeys}").With("@keys", keys))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                infos[reader.GetInt64(0)] = MapRunInfo(reader);
            }
        }

        var parameters = ReadPairs(connection, "params", inKeys, keys);
        var tags = ReadPairs(connection, "tags", inKeys, keys);
        var metrics = new Dictionary<long, Dictionary<string, Metric>>();
        using (var command = connection.Command($"SELECT run_key, key, value, step, ts FROM latest_metrics WHERE {inKeys}").With("@keys", keys))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var metric = new Metric(reader.GetString(1), reader.GetMetricValue(2), reader.GetInt64(3), reader.GetTimestamp(4));
                GetOrAdd(metrics, reader.GetInt64(0))[metric.Key] = metric;
            }
        }

        var inputs = new Dictionary<long, List<DatasetInput>>();
        if (SchemaVersion >= 2)
        {
            using var command = connection.Command(
                    $"SELECT run_key, name, digest, source, schema_json, row_count, context FROM dataset_inputs WHERE {inKeys} ORDER BY input_id")
                .With("@keys", keys);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var runKey = reader.GetInt64(0);
                if (!inputs.TryGetValue(runKey, out var list))
                {
                    inputs[runKey] = list = [];
                }

                list.Add(new DatasetInput(reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.GetNullableString(4), reader.GetNullableInt64(5), reader.GetString(6)));
            }
        }

        var runs = new List<Run>(runKeys.Count);
        foreach (var runKey in runKeys)
        {
            if (!infos.TryGetValue(runKey, out var info))
            {
                continue;
            }

            runs.Add(new Run(
                info,
                parameters.TryGetValue(runKey, out var p) ? p : Empty<string>(),
                tags.TryGetValue(runKey, out var t) ? t : Empty<string>(),
                metrics.TryGetValue(runKey, out var m) ? m : Empty<Metric>(),
                inputs.TryGetValue(runKey, out var i) ? i : []));
        }

        return runs;
    }

    // table is params or tags: a name from this class, never caller input.
    private static Dictionary<long, Dictionary<string, string>> ReadPairs(DbConnection connection, string table, string inKeys, object keys)
    {
        var result = new Dictionary<long, Dictionary<string, string>>();
        using var command = connection.Command($"SELECT run_key, key, value FROM {table} WHERE {inKeys}").With("@keys", keys);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            GetOrAdd(result, reader.GetInt64(0))[reader.GetString(1)] = reader.GetString(2);
        }

        return result;
    }

    private static Dictionary<string, T> GetOrAdd<T>(Dictionary<long, Dictionary<string, T>> map, long runKey)
    {
        if (!map.TryGetValue(runKey, out var inner))
        {
            map[runKey] = inner = new Dictionary<string, T>(StringComparer.Ordinal);
        }

        return inner;
    }

    private static Dictionary<string, T> Empty<T>() => new(StringComparer.Ordinal);
}
