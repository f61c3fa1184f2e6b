using System.Data.Common;
using Mlops.Registry;

namespace Mlops.Storage.Relational;

internal abstract partial class RelationalMlopsStore
{
    private const string ModelColumns = "m.model_key, m.name, m.description, m.created_at, m.updated_at, m.created_by, m.latest_version";

    private const string VersionColumns = """
        v.version_key, m.name, v.version, v.flavor, v.artifact_digest, v.artifact_length, v.signature_json, v.run_id,
        v.source, v.description, v.status, v.created_at, v.created_by
        """;

    /// <summary>Loads full models (tags, aliases) for the keys, in the order of the keys.</summary>
    private List<RegisteredModel> LoadModels(DbConnection connection, List<long> modelKeys)
    {
        if (modelKeys.Count == 0)
        {
            return [];
        }

        var keys = Dialect.KeySet(modelKeys);
        var rows = new Dictionary<long, (string Name, string? Description, DateTimeOffset Created, DateTimeOffset Updated, string By, int Latest)>();
        using (var command = connection.Command($"SELECT {ModelColumns} FROM registered_models m WHERE {Dialect.InKeys("m.model_key")}")
                   .With("@keys", keys))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows[reader.GetInt64(0)] = (reader.GetString(1), reader.GetNullableString(2), reader.GetTimestamp(3), reader.GetTimestamp(4),
                    reader.GetString(5), reader.GetInt32(6));
            }
        }

        var tags = new Dictionary<long, Dictionary<string, string>>();
        using (var command = connection.Command($"SELECT model_key, key, value FROM model_tags WHERE {Dialect.InKeys("model_key")}")
                   .With("@keys", keys))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                GetOrAdd(tags, reader.GetInt64(0))[reader.GetString(1)] = reader.GetString(2);
            }
        }

        var aliases = new Dictionary<long, Dictionary<string, int>>();
        using (var command = connection.Command($"SELECT model_key, alias, version FROM model_aliases WHERE {Dialect.InKeys("model_key")}")
                   .With("@keys", keys))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                GetOrAdd(aliases, reader.GetInt64(0))[reader.GetString(1)] = reader.GetInt32(2);
            }
        }

        var models = new List<RegisteredModel>(modelKeys.Count);
        foreach (var modelKey in modelKeys)
        {
            if (rows.TryGetValue(modelKey, out var row))
            {
                models.Add(new RegisteredModel(row.Name, row.Description,
                    tags.TryGetValue(modelKey, out var t) ? t : Empty<string>(),
                    row.Created, row.Updated, row.By, row.Latest,
                    aliases.TryGetValue(modelKey, out var a) ? a : Empty<int>()));
            }
        }

        return models;
    }

    private RegisteredModel? LoadModel(DbConnection connection, string name) =>
        FindModelKey(connection, name) is { } modelKey ? LoadModels(connection, [modelKey]).FirstOrDefault() : null;

    /// <summary>
    /// Loads full versions (tags, aliases) matching <paramref name="condition"/> on <c>model_versions v</c> joined with
    /// <c>registered_models m</c>, ordered by model name, then version.
    /// </summary>
    /// <param name="connection">The connection.</param>
    /// <param name="condition">A condition text of this class (never caller input); values go in <paramref name="parameters"/>.</param>
    /// <param name="parameters">The condition's parameters.</param>
    private List<ModelVersion> LoadVersions(DbConnection connection, string condition, params (string Name, object? Value)[] parameters)
    {
        var rows = new List<(long Key, ModelVersion Version)>();
        using (var command = connection.Command($"""
                   SELECT {VersionColumns}
                   FROM model_versions v JOIN registered_models m ON m.model_key = v.model_key
                   WHERE {condition}
                   ORDER BY m.name, v.version
                   """))
        {
            foreach (var (name, value) in parameters)
            {
                command.With(name, value);
            }

            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), new ModelVersion(
                    reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4), reader.GetInt64(5),
                    reader.GetNullableString(6), reader.GetNullableString(7), reader.GetString(8), reader.GetNullableString(9),
                    Empty<string>(), ModelVersionStatusText.Parse(reader.GetString(10)), reader.GetTimestamp(11), reader.GetString(12), [])));
            }
        }

        if (rows.Count == 0)
        {
            return [];
        }

        var keys = Dialect.KeySet(rows.ConvertAll(r => r.Key));
        var tags = new Dictionary<long, Dictionary<string, string>>();
        using (var command = connection.Command(
                   $"SELECT version_key, key, value FROM model_version_tags WHERE {Dialect.InKeys("version_key")}").With("@keys", keys))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                GetOrAdd(tags, reader.GetInt64(0))[reader.GetString(1)] = reader.GetString(2);
            }
        }

        var aliases = new Dictionary<long, List<string>>();
        using (var command = connection.Command($"""
                   SELECT v.version_key, a.alias
                   FROM model_aliases a JOIN model_versions v ON v.model_key = a.model_key AND v.version = a.version
                   WHERE {Dialect.InKeys("v.version_key")}
                   ORDER BY a.alias
                   """).With("@keys", keys))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var versionKey = reader.GetInt64(0);
                if (!aliases.TryGetValue(versionKey, out var list))
                {
                    aliases[versionKey] = list = [];
                }

                list.Add(reader.GetString(1));
            }
        }

        return rows.ConvertAll(row => row.Version with
        {
            Tags = tags.TryGetValue(row.Key, out var t) ? t : Empty<string>(),
            Aliases = aliases.TryGetValue(row.Key, out var a) ? a : [],
        });
    }

    private static long? FindModelKey(DbConnection connection, string name) =>
        connection.Command("SELECT model_key FROM registered_models WHERE name = @name").With("@name", name).Scalar() as long?;

    private static long RequireModelKey(DbConnection connection, string name) =>
        FindModelKey(connection, name) ?? throw new MlopsNotFoundException("registered model", name);

    /// <summary>The key of a version; NotFound <c>registered model</c> or <c>model version</c> (<c>name/N</c>) when absent.</summary>
    private static long RequireVersionKey(DbConnection connection, string name, int version)
    {
        var modelKey = RequireModelKey(connection, name);
        return connection.Command("SELECT version_key FROM model_versions WHERE model_key = @model AND version = @version")
                .With("@model", modelKey).With("@version", version).Scalar() as long?
            ?? throw new MlopsNotFoundException("model version", RegistryInput.VersionId(name, version));
    }
}
