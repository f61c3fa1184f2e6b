using System.Data.Common;
using Mlops.Artifacts;
using Mlops.Journal;
using Mlops.Registry;

namespace Mlops.Storage.Relational;

internal abstract partial class RelationalMlopsStore
{
    /// <inheritdoc />
    public Task<ModelVersion> CreateModelVersionAsync(NewModelVersion version, Func<int, JournalDraft> journal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(journal);
        ModelNames.ValidateModelName(version.ModelName);
        RegistryInput.Flavor(version.Flavor);
        ArtifactDigest.Validate(version.ArtifactDigest);
        RegistryInput.ArtifactLength(version.ArtifactLength);
        if (version.RunId is not null)
        {
            StoreInput.Id("run id", version.RunId);
        }

        StoreInput.Required("source", version.Source);
        RegistryInput.Description(version.Description);
        var tags = version.Tags ?? new Dictionary<string, string>();
        ValidateTags(tags);
        StoreInput.Required("created by", version.CreatedBy);

        return WriteAsync("registering a model version", connection =>
        {
            using var modelCommand = connection.Command("SELECT model_key, latest_version FROM registered_models WHERE name = @name")
                .With("@name", version.ModelName);
            long modelKey;
            long latest;
            using (var reader = modelCommand.ExecuteReader())
            {
                if (!reader.Read())
                {
                    throw new MlopsNotFoundException("registered model", version.ModelName);
                }

                modelKey = reader.GetInt64(0);
                latest = reader.GetInt64(1);
            }

            if (version.RunId is not null)
            {
                RequireRunKey(connection, version.RunId);
            }

            // The write transaction holds the database write lock (BEGIN IMMEDIATE on SQLite, the advisory lock on PostgreSQL)
            // from before this read, so no other writer (thread or process)
            // can take the same number: last + 1 is gap-free and unique.
            var number = checked((int)latest + 1);
            var createdAt = version.CreatedAt.ToUnixTimeMilliseconds();
            connection.Command("UPDATE registered_models SET latest_version = @number, updated_at = @updated WHERE model_key = @model")
                .With("@number", number).With("@updated", createdAt).With("@model", modelKey)
                .Run();
            var versionKey = (long)connection.Command("""
                    INSERT INTO model_versions (model_key, version, flavor, artifact_digest, artifact_length, signature_json, run_id, source,
                                                description, status, created_at, created_by)
                    VALUES (@model, @number, @flavor, @digest, @length, @signature, @run, @source, @description, @status, @created, @by)
                    RETURNING version_key
                    """)
                .With("@model", modelKey).With("@number", number).With("@flavor", version.Flavor).With("@digest", version.ArtifactDigest)
                .With("@length", version.ArtifactLength).With("@signature", version.Signature).With("@run", version.RunId)
                .With("@source", version.Source).With("@description", version.Description).With("@status", ModelVersionStatusText.Ready)
                .With("@created", createdAt).With("@by", version.CreatedBy)
                .Scalar()!;
            UpsertKeyedTags(connection, "model_version_tags", "version_key", versionKey, tags);

            // The draft names the number, so it is built here; throwing rolls the version back with it.
            var draft = journal(number);
            StoreInput.Draft(draft);
            AppendJournal(connection, draft);
            return LoadVersions(connection, "v.version_key = @key", ("@key", versionKey))[0];
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ModelVersion?> GetModelVersionAsync(string name, int version, CancellationToken cancellationToken = default)
    {
        StoreInput.Required("model name", name);
        return ReadSnapshotAsync("reading a model version", connection =>
            LoadVersions(connection, "m.name = @name AND v.version = @version", ("@name", name), ("@version", version)).FirstOrDefault(),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ModelVersion>> ListModelVersionsAsync(string name, CancellationToken cancellationToken = default)
    {
        StoreInput.Required("model name", name);
        return ReadSnapshotAsync<IReadOnlyList<ModelVersion>>("listing model versions", connection =>
            LoadVersions(connection, "v.model_key = @model", ("@model", RequireModelKey(connection, name))), cancellationToken);
    }

    /// <inheritdoc />
    public Task UpdateModelVersionAsync(string name, int version, string? description, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        RegistryInput.Description(description);
        return WriteAsync("updating a model version", connection =>
        {
            var versionKey = RequireVersionKey(connection, name, version);
            connection.Command("UPDATE model_versions SET description = @description WHERE version_key = @key")
                .With("@description", description).With("@key", versionKey).Run();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task SetModelVersionTagsAsync(string name, int version, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        ArgumentNullException.ThrowIfNull(tags);
        ValidateTags(tags);
        return WriteAsync("setting model version tags", connection =>
            UpsertKeyedTags(connection, "model_version_tags", "version_key", RequireVersionKey(connection, name, version), tags), cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteModelVersionTagAsync(string name, int version, string key, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        InputRules.ValidateKey("tag key", key);
        return WriteAsync("deleting a model version tag", connection =>
        {
            var versionKey = RequireVersionKey(connection, name, version);
            connection.Command("DELETE FROM model_version_tags WHERE version_key = @version AND key = @key")
                .With("@version", versionKey).With("@key", key).Run();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task SetModelVersionStatusAsync(string name, int version, ModelVersionStatus status, JournalDraft journal, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        var statusText = ModelVersionStatusText.ToText(status);
        StoreInput.Draft(journal);
        return WriteAsync("setting a model version status", connection =>
        {
            var versionKey = RequireVersionKey(connection, name, version);
            var current = (string)connection.Command("SELECT status FROM model_versions WHERE version_key = @key").With("@key", versionKey).Scalar()!;
            if (string.Equals(current, statusText, StringComparison.Ordinal))
            {
                return; // Already there: nothing changes, so nothing is journaled.
            }

            connection.Command("UPDATE model_versions SET status = @status WHERE version_key = @key")
                .With("@status", statusText).With("@key", versionKey).Run();
            AppendJournal(connection, journal);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteModelVersionAsync(string name, int version, JournalDraft journal, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        StoreInput.Draft(journal);
        return WriteAsync("deleting a model version", connection =>
        {
            var versionKey = RequireVersionKey(connection, name, version);
            var aliases = AliasesOf(connection, versionKey);
            if (aliases.Count > 0)
            {
                throw new MlopsConflictException(
                    $"Cannot delete version {version} of registered model '{name}': the alias{(aliases.Count == 1 ? string.Empty : "es")} "
                    + $"{string.Join(", ", aliases.Select(a => "'" + a + "'"))} point{(aliases.Count == 1 ? "s" : string.Empty)} to it. "
                    + "Move or delete the aliases first.");
            }

            connection.Command("DELETE FROM model_version_tags WHERE version_key = @key").With("@key", versionKey).Run();
            // registered_models.latest_version is left alone, so this number is never assigned again.
            connection.Command("DELETE FROM model_versions WHERE version_key = @key").With("@key", versionKey).Run();
            AppendJournal(connection, journal);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ModelVersion>> FindModelVersionsByRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        StoreInput.Id("run id", runId);
        return ReadSnapshotAsync<IReadOnlyList<ModelVersion>>("finding model versions by run", connection =>
            LoadVersions(connection, "v.run_id = @run", ("@run", runId)), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ModelVersion>> FindModelVersionsByDatasetDigestAsync(string digest, CancellationToken cancellationToken = default)
    {
        ArtifactDigest.Validate(digest);
        return ReadSnapshotAsync<IReadOnlyList<ModelVersion>>("finding model versions by dataset", connection =>
            LoadVersions(connection, """
                v.run_id IN (SELECT r.run_id FROM dataset_inputs d JOIN runs r ON r.run_key = d.run_key WHERE d.digest = @digest)
                """, ("@digest", digest)), cancellationToken);
    }

    private static List<string> AliasesOf(DbConnection connection, long versionKey)
    {
        using var command = connection.Command("""
                SELECT a.alias FROM model_aliases a JOIN model_versions v ON v.model_key = a.model_key AND v.version = a.version
                WHERE v.version_key = @key ORDER BY a.alias
                """)
            .With("@key", versionKey);
        using var reader = command.ExecuteReader();
        var aliases = new List<string>();
        while (reader.Read())
        {
            aliases.Add(reader.GetString(0));
        }

        return aliases;
    }
}
