using System.Globalization;
using System.Data.Common;
using Mlops.Journal;
using Mlops.Registry;
using Mlops.Search;
using Mlops.Storage.Relational.Search;

namespace Mlops.Storage.Relational;

internal abstract partial class RelationalMlopsStore
{
    /// <inheritdoc />
    public Task<RegisteredModel> CreateRegisteredModelAsync(
        string name, string? description, IReadOnlyDictionary<string, string> tags, DateTimeOffset createdAt, string createdBy, JournalDraft journal,
        CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        RegistryInput.Description(description);
        ArgumentNullException.ThrowIfNull(tags);
        ValidateTags(tags);
        StoreInput.Required("created by", createdBy);
        StoreInput.Draft(journal);

        return WriteAsync("creating a registered model", connection =>
        {
            var modelKey = InsertModel(connection, name, description, createdAt, createdBy)
                ?? throw new MlopsConflictException(
                    $"Cannot create registered model '{name}': a model with this name already exists (model names are unique and case-sensitive).");
            UpsertKeyedTags(connection, "model_tags", "model_key", modelKey, tags);
            AppendJournal(connection, journal);
            return LoadModels(connection, [modelKey])[0];
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<RegisteredModel> GetOrCreateRegisteredModelAsync(
        string name, DateTimeOffset createdAt, string createdBy, JournalDraft journal, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        StoreInput.Required("created by", createdBy);
        StoreInput.Draft(journal);

        return WriteAsync("getting or creating a registered model", connection =>
        {
            // The unique name makes concurrent creators converge on one row; only the one that inserted journals.
            var inserted = InsertModel(connection, name, null, createdAt, createdBy);
            if (inserted is not null)
            {
                AppendJournal(connection, journal);
            }

            return LoadModel(connection, name)!;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<RegisteredModel?> GetRegisteredModelAsync(string name, CancellationToken cancellationToken = default)
    {
        // Lookups apply no naming rule: a name that could never be stored simply is not there.
        StoreInput.Required("model name", name);
        return ReadSnapshotAsync("reading a registered model", connection => LoadModel(connection, name), cancellationToken);
    }

    /// <inheritdoc />
    public Task<ModelSearchPage> SearchRegisteredModelsAsync(ModelSearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidatePageSize(request.MaxResults);
        var fingerprint = SearchPageToken.Fingerprint(request);
        var offset = request.PageToken is null ? 0 : SearchPageToken.Decode(request.PageToken, fingerprint);
        var statement = _modelSearch.BuildPageQuery(request, offset, request.MaxResults + 1);

        return ReadSnapshotAsync("searching registered models", connection =>
        {
            var (models, next) = ReadPage(connection, statement, request.MaxResults, offset, fingerprint, LoadModels);
            return new ModelSearchPage(models, next);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<RegisteredModel> RenameRegisteredModelAsync(
        string name, string newName, DateTimeOffset updatedAt, JournalDraft journal, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        ModelNames.ValidateModelName(newName);
        StoreInput.Draft(journal);

        return WriteAsync("renaming a registered model", connection =>
        {
            var modelKey = RequireModelKey(connection, name);
            if (FindModelKey(connection, newName) is not null)
            {
                throw new MlopsConflictException(
                    $"Cannot rename registered model '{name}' to '{newName}': a model named '{newName}' already exists.");
            }

            // Versions, tags and aliases refer to the model key, so they follow the new name.
            connection.Command("UPDATE registered_models SET name = @name, updated_at = @updated WHERE model_key = @model")
                .With("@name", newName).With("@updated", updatedAt.ToUnixTimeMilliseconds()).With("@model", modelKey)
                .Run();
            AppendJournal(connection, journal);
            return LoadModels(connection, [modelKey])[0];
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task UpdateRegisteredModelAsync(string name, string? description, DateTimeOffset updatedAt, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        RegistryInput.Description(description);
        return WriteAsync("updating a registered model", connection =>
        {
            var modelKey = RequireModelKey(connection, name);
            connection.Command("UPDATE registered_models SET description = @description, updated_at = @updated WHERE model_key = @model")
                .With("@description", description).With("@updated", updatedAt.ToUnixTimeMilliseconds()).With("@model", modelKey)
                .Run();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task SetRegisteredModelTagsAsync(string name, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        ArgumentNullException.ThrowIfNull(tags);
        ValidateTags(tags);
        // The contract passes no time for tag changes, so UpdatedAt comes from the store's clock.
        var now = TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        return WriteAsync("setting registered model tags", connection =>
        {
            var modelKey = RequireModelKey(connection, name);
            if (tags.Count > 0)
            {
                UpsertKeyedTags(connection, "model_tags", "model_key", modelKey, tags);
                TouchModel(connection, modelKey, now);
            }
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        InputRules.ValidateKey("tag key", key);
        var now = TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        return WriteAsync("deleting a registered model tag", connection =>
        {
            var modelKey = RequireModelKey(connection, name);
            var deleted = connection.Command("DELETE FROM model_tags WHERE model_key = @model AND key = @key")
                .With("@model", modelKey).With("@key", key).Run();
            if (deleted > 0)
            {
                TouchModel(connection, modelKey, now);
            }
        }, cancellationToken);
    }

    /// <summary>Inserts a model unless the name is taken; returns the new key, or <see langword="null"/> when it existed.</summary>
    private static long? InsertModel(DbConnection connection, string name, string? description, DateTimeOffset createdAt, string createdBy) =>
        connection.Command("""
                INSERT INTO registered_models (name, description, created_at, updated_at, created_by, latest_version)
                VALUES (@name, @description, @created, @created, @by, 0)
                ON CONFLICT (name) DO NOTHING
                RETURNING model_key
                """)
            .With("@name", name).With("@description", description).With("@created", createdAt.ToUnixTimeMilliseconds()).With("@by", createdBy)
            .Scalar() as long?;

    private static void TouchModel(DbConnection connection, long modelKey, long updatedAtMs) =>
        connection.Command("UPDATE registered_models SET updated_at = @updated WHERE model_key = @model")
            .With("@updated", updatedAtMs).With("@model", modelKey).Run();

    // table and ownerColumn are names from this class, never caller input.
    private static void UpsertKeyedTags(DbConnection connection, string table, string ownerColumn, long ownerKey, IReadOnlyDictionary<string, string> tags)
    {
        if (tags.Count == 0)
        {
            return;
        }

        using var upsert = connection.Command($"""
            INSERT INTO {table} ({ownerColumn}, key, value) VALUES (@owner, @key, @value)
            ON CONFLICT ({ownerColumn}, key) DO UPDATE SET value = excluded.value
            """);
        upsert.AddParameter("@owner", ownerKey);
        var keyParameter = upsert.AddParameter("@key", string.Empty);
        var valueParameter = upsert.AddParameter("@value", string.Empty);
        foreach (var (key, value) in tags)
        {
            keyParameter.Value = key;
            valueParameter.Value = value;
            upsert.ExecuteNonQuery();
        }
    }
}
