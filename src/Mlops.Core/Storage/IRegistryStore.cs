using Mlops.Journal;
using Mlops.Registry;
using Mlops.Search;

namespace Mlops.Storage;

/// <summary>
/// The registry part of the store contract. As everywhere: validate, then write in one transaction with the journal
/// entry; on error nothing is written. Names are case-sensitive. Semantics: docs/dev/store-semantics.md.
/// </summary>
public interface IRegistryStore
{
    /// <summary>Creates a registered model; <see cref="MlopsConflictException"/> if the name is taken.</summary>
    Task<RegisteredModel> CreateRegisteredModelAsync(string name, string? description, IReadOnlyDictionary<string, string> tags, DateTimeOffset createdAt, string createdBy, JournalDraft journal, CancellationToken cancellationToken = default);

    /// <summary>Returns the model, creating it (and appending <paramref name="journal"/>) when absent. Race-free.</summary>
    Task<RegisteredModel> GetOrCreateRegisteredModelAsync(string name, DateTimeOffset createdAt, string createdBy, JournalDraft journal, CancellationToken cancellationToken = default);

    /// <summary>Returns the model, or <see langword="null"/>.</summary>
    Task<RegisteredModel?> GetRegisteredModelAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Searches models: filter fields <c>name</c>, <c>description</c>, <c>tags.KEY</c>, numeric <c>created_at</c>, <c>updated_at</c>, <c>latest_version</c>; default order name ASC.</summary>
    Task<ModelSearchPage> SearchRegisteredModelsAsync(ModelSearchRequest request, CancellationToken cancellationToken = default);

    /// <summary>Renames a model; its versions, aliases and tags follow. Conflict if <paramref name="newName"/> is taken.</summary>
    Task<RegisteredModel> RenameRegisteredModelAsync(string name, string newName, DateTimeOffset updatedAt, JournalDraft journal, CancellationToken cancellationToken = default);

    /// <summary>Sets the description (null clears it).</summary>
    Task UpdateRegisteredModelAsync(string name, string? description, DateTimeOffset updatedAt, CancellationToken cancellationToken = default);

    /// <summary>Sets model tags (insert or replace), all or none.</summary>
    Task SetRegisteredModelTagsAsync(string name, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default);

    /// <summary>Deletes a model tag; absent is a no-op.</summary>
    Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Registers the next version (last + 1, never reused, no gaps under concurrent writers in any process) and appends the
    /// journal entry built by <paramref name="journal"/> from the assigned number, in the same transaction.
    /// </summary>
    Task<ModelVersion> CreateModelVersionAsync(NewModelVersion version, Func<int, JournalDraft> journal, CancellationToken cancellationToken = default);

    /// <summary>Returns a version, or <see langword="null"/>.</summary>
    Task<ModelVersion?> GetModelVersionAsync(string name, int version, CancellationToken cancellationToken = default);

    /// <summary>Lists a model's versions by number.</summary>
    Task<IReadOnlyList<ModelVersion>> ListModelVersionsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Sets a version's description.</summary>
    Task UpdateModelVersionAsync(string name, int version, string? description, CancellationToken cancellationToken = default);

    /// <summary>Sets version tags, all or none.</summary>
    Task SetModelVersionTagsAsync(string name, int version, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default);

    /// <summary>Deletes a version tag; absent is a no-op.</summary>
    Task DeleteModelVersionTagAsync(string name, int version, string key, CancellationToken cancellationToken = default);

    /// <summary>Archives or restores a version and appends the journal entry.</summary>
    Task SetModelVersionStatusAsync(string name, int version, ModelVersionStatus status, JournalDraft journal, CancellationToken cancellationToken = default);

    /// <summary>Deletes a version. Refused with <see cref="MlopsConflictException"/> naming the aliases when any alias points to it.</summary>
    Task DeleteModelVersionAsync(string name, int version, JournalDraft journal, CancellationToken cancellationToken = default);

    /// <summary>The version an alias points to, or <see langword="null"/>.</summary>
    Task<int?> GetAliasAsync(string name, string alias, CancellationToken cancellationToken = default);

    /// <summary>
    /// Points an alias at a version (set or move) and appends the journal entry. <paramref name="expectedCurrentVersion"/>
    /// is what the caller's guards saw: if the alias now points elsewhere the move is a <see cref="MlopsConflictException"/>.
    /// </summary>
    Task SetAliasAsync(string name, string alias, int version, int? expectedCurrentVersion, JournalDraft journal, CancellationToken cancellationToken = default);

    /// <summary>Deletes an alias (NotFound if unset) and appends the journal entry; same expectation check as <see cref="SetAliasAsync"/>.</summary>
    Task DeleteAliasAsync(string name, string alias, int? expectedCurrentVersion, JournalDraft journal, CancellationToken cancellationToken = default);

    /// <summary>Versions registered from a run, by model name then version.</summary>
    Task<IReadOnlyList<ModelVersion>> FindModelVersionsByRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Versions whose producing run consumed a dataset with the digest, by model name then version.</summary>
    Task<IReadOnlyList<ModelVersion>> FindModelVersionsByDatasetDigestAsync(string digest, CancellationToken cancellationToken = default);
}
