using Mlops.Search;
using Mlops.Tracking;

namespace Mlops.Registry;

/// <summary>
/// The door to the model registry: registered models, their versions 1, 2, 3…, aliases behind promotion guards, typed
/// signatures, integrity-checked loading and lineage. Every method that takes a model URI accepts <c>models:/name/7</c>,
/// <c>models:/name/v7</c>, <c>models:/name@alias</c> and <c>models:/name/latest</c> (the highest ready version).
/// Registered by <c>AddRegistry()</c>; safe to use from many threads.
/// </summary>
public interface IModelRegistry
{
    /// <summary>Creates a registered model; <see cref="MlopsConflictException"/> if the name is taken.</summary>
    Task<RegisteredModel> CreateModelAsync(string name, string? description = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default);

    /// <summary>Returns a registered model with its tags and aliases; <see cref="MlopsNotFoundException"/> if absent.</summary>
    Task<RegisteredModel> GetModelAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Renames a model; its versions, aliases and tags follow. <see cref="MlopsConflictException"/> if the new name is taken.</summary>
    Task<RegisteredModel> RenameModelAsync(string name, string newName, CancellationToken cancellationToken = default);

    /// <summary>Sets (or, with <see langword="null"/>, clears) a model's description.</summary>
    Task<RegisteredModel> UpdateModelDescriptionAsync(string name, string? description, CancellationToken cancellationToken = default);

    /// <summary>Sets a model tag (insert or replace).</summary>
    Task SetModelTagAsync(string name, string key, string value, CancellationToken cancellationToken = default);

    /// <summary>Deletes a model tag; an absent tag is a no-op.</summary>
    Task DeleteModelTagAsync(string name, string key, CancellationToken cancellationToken = default);

    /// <summary>Lists every registered model by name.</summary>
    Task<IReadOnlyList<RegisteredModel>> ListModelsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Searches registered models with the filter language over <c>name</c>, <c>description</c>, <c>created_at</c>,
    /// <c>updated_at</c>, <c>latest_version</c> and <c>tags.KEY</c>; a filter that does not parse (or names metrics or
    /// params) is a <see cref="SearchParseException"/> naming the position.
    /// </summary>
    Task<ModelSearchPage> SearchModelsAsync(ModelQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Registers a new version from a model a run logged (<c>runs:/RUN_ID/model</c>, written by <c>LogModelAsync</c>): the
    /// flavor and file come from its <c>MLmodel.json</c>, and the version points at the same stored bytes (no copy). The
    /// model is created when absent. The bytes are verified before they are read as a model.
    /// </summary>
    Task<ModelVersion> RegisterVersionFromRunAsync(string modelName, string runModelUri, RegisterVersionOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Registers a new version from a model file of the given flavor (such as <c>mlnet</c>), creating the model when absent.</summary>
    Task<ModelVersion> RegisterVersionFromFileAsync(string modelName, string filePath, string flavor, RegisterVersionOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Registers a new version from a stream holding a model of the given flavor, creating the model when absent.</summary>
    Task<ModelVersion> RegisterVersionFromStreamAsync(string modelName, Stream content, string flavor, RegisterVersionOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Returns a version; <see cref="MlopsNotFoundException"/> if absent.</summary>
    Task<ModelVersion> GetVersionAsync(string name, int version, CancellationToken cancellationToken = default);

    /// <summary>Lists a model's versions by number.</summary>
    Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Sets (or clears) a version's description.</summary>
    Task<ModelVersion> UpdateVersionDescriptionAsync(string name, int version, string? description, CancellationToken cancellationToken = default);

    /// <summary>Sets a version tag (insert or replace).</summary>
    Task SetVersionTagAsync(string name, int version, string key, string value, CancellationToken cancellationToken = default);

    /// <summary>Deletes a version tag; an absent tag is a no-op.</summary>
    Task DeleteVersionTagAsync(string name, int version, string key, CancellationToken cancellationToken = default);

    /// <summary>Archives a version: kept for the record, skipped by <c>latest</c>, no alias can be moved to it.</summary>
    Task<ModelVersion> ArchiveVersionAsync(string name, int version, CancellationToken cancellationToken = default);

    /// <summary>Restores an archived version to ready.</summary>
    Task<ModelVersion> RestoreVersionAsync(string name, int version, CancellationToken cancellationToken = default);

    /// <summary>Deletes a version; refused with <see cref="MlopsConflictException"/> naming the aliases while any alias points at it. Its number is never reused.</summary>
    Task DeleteVersionAsync(string name, int version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Points an alias at a version (set or move). Every <see cref="IPromotionGuard"/> is asked first; if any requirement is
    /// unmet, <see cref="MlopsPolicyDeniedException"/> lists them all and nothing moves. If another writer moved the alias
    /// meanwhile, <see cref="MlopsConflictException"/>. The journal records alias, old and new version, reason and actor.
    /// <c>latest</c> and <c>v&lt;N&gt;</c> are reserved.
    /// </summary>
    Task SetAliasAsync(string name, string alias, int version, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes an alias, through the same guards and journal as <see cref="SetAliasAsync"/>.</summary>
    Task DeleteAliasAsync(string name, string alias, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Resolves a model URI to the version it names now; <see cref="MlopsNotFoundException"/> if it names nothing.</summary>
    Task<ModelVersion> ResolveAsync(string modelUri, CancellationToken cancellationToken = default);

    /// <summary>
    /// Loads the model a URI names, after checking the stored bytes against the version's SHA-256
    /// (<see cref="MlopsArtifactIntegrityException"/> and nothing loaded when they differ). Loaded models are cached by
    /// version and shared: the result's <see cref="LoadedModel.Dispose"/> does nothing (<see cref="LoadedModel.IsShared"/>); the registry disposes it when it is evicted
    /// (<see cref="RegistryOptions.MaxLoadedModels"/>) or when the registry is disposed. Alias resolutions are cached for
    /// <see cref="RegistryOptions.AliasCacheDuration"/>; alias changes made through this registry apply at once.
    /// </summary>
    Task<LoadedModel> LoadAsync(string modelUri, CancellationToken cancellationToken = default);

    /// <summary>
    /// Loads a private copy of the model a URI names, bypassing the cache, with the same integrity check as
    /// <see cref="LoadAsync"/>. The caller owns the result and must dispose it; Serving uses this so that a replaced model
    /// generation can be disposed as soon as its last prediction engine comes back.
    /// </summary>
    Task<LoadedModel> LoadOwnedAsync(string modelUri, CancellationToken cancellationToken = default);

    /// <summary>Returns the signature stored with the version a URI names, or <see langword="null"/> when it has none.</summary>
    Task<ModelSignature?> GetSignatureAsync(string modelUri, CancellationToken cancellationToken = default);

    /// <summary>
    /// Compares the signature of <paramref name="candidateUri"/> with that of <paramref name="currentUri"/> (compatible,
    /// widened or breaking, see <see cref="ModelSignature.Compare"/>). A version without a signature is a <see cref="MlopsValidationException"/>.
    /// </summary>
    Task<SignatureComparison> CompareSignaturesAsync(string currentUri, string candidateUri, CancellationToken cancellationToken = default);

    /// <summary>What produced the version a URI names: its run, the run's datasets (digests) and the source commit.</summary>
    Task<ModelLineage> GetLineageAsync(string modelUri, CancellationToken cancellationToken = default);

    /// <summary>The versions whose producing run consumed a dataset with the given SHA-256 digest, by model name then version.</summary>
    Task<IReadOnlyList<ModelVersion>> FindVersionsByDatasetAsync(string digest, CancellationToken cancellationToken = default);

    /// <summary>The runs behind a model's versions, each once, in version order.</summary>
    Task<IReadOnlyList<RunInfo>> GetRunsFeedingModelAsync(string name, CancellationToken cancellationToken = default);
}
