using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML;
using Mlops.Governance;
using Mlops.Journal;

namespace Mlops.Registry;

internal sealed partial class ModelRegistry
{
    private const string ModelDescriptorFileName = "MLmodel.json";
    private const int MaxDescriptorLength = 1024 * 1024;

    public async Task<ModelVersion> RegisterVersionFromRunAsync(string modelName, string runModelUri, RegisterVersionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(modelName);
        var reference = RunModelReference.Parse(runModelUri);
        options ??= new RegisterVersionOptions();
        ValidateOptions(options);
        await DemandAsync(modelName, PermissionLevel.Edit, cancellationToken).ConfigureAwait(false);
        if (options.RunId is not null && options.RunId != reference.RunId)
        {
            throw new MlopsValidationException("run id", options.RunId, $"a version registered from {reference} belongs to run {reference.RunId}.");
        }

        var run = await _tracking.GetRunAsync(reference.RunId, cancellationToken).ConfigureAwait(false)
            ?? throw new MlopsNotFoundException("run", reference.RunId);
        await DemandRunReadAsync(run.Info.ExperimentId, cancellationToken).ConfigureAwait(false);
        var artifacts = await _tracking.ListRunArtifactsAsync(reference.RunId, reference.ArtifactPath, cancellationToken).ConfigureAwait(false);
        var descriptorPath = reference.ArtifactPath + "/" + ModelDescriptorFileName;
        var descriptor = artifacts.FirstOrDefault(a => a.Path == descriptorPath)
            ?? throw new MlopsValidationException("run model URI", reference.ToString(),
                $"the run has no {descriptorPath}; log the model with LogModelAsync(...).");
        var (flavorName, fileName) = await ReadDescriptorAsync(descriptor.Digest, descriptor.Length, descriptorPath, cancellationToken).ConfigureAwait(false);
        var modelPath = reference.ArtifactPath + "/" + fileName;
        var model = artifacts.FirstOrDefault(a => a.Path == modelPath)
            ?? throw new MlopsValidationException("run model URI", reference.ToString(), $"{descriptorPath} names {fileName}, which the run did not log.");
        var flavor = GetFlavor(flavorName);

        // The artifact store is content-addressed: the version points at the run's bytes, verified here, without a copy.
        using var file = await VerifiedModelFile.FromStoreAsync(_artifacts, model.Digest, model.Length, _tempDirectory, cancellationToken).ConfigureAwait(false);
        return await RegisterVerifiedAsync(modelName, flavor, file, storeBytes: false, reference.RunId, reference.ToString(), options, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ModelVersion> RegisterVersionFromFileAsync(string modelName, string filePath, string flavor, RegisterVersionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(modelName);
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        ArgumentException.ThrowIfNullOrEmpty(flavor);
        await DemandAsync(modelName, PermissionLevel.Edit, cancellationToken).ConfigureAwait(false);
        var fullPath = Path.GetFullPath(filePath);
        if (!File.Exists(fullPath))
        {
            throw new MlopsNotFoundException("model file", fullPath);
        }

        var source = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (source.ConfigureAwait(false))
        {
            return await RegisterCopyAsync(modelName, source, flavor, fullPath, options, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<ModelVersion> RegisterVersionFromStreamAsync(string modelName, Stream content, string flavor, RegisterVersionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(modelName);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(flavor);
        await DemandAsync(modelName, PermissionLevel.Edit, cancellationToken).ConfigureAwait(false);
        return await RegisterCopyAsync(modelName, content, flavor, "stream", options, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ModelVersion> GetVersionAsync(string name, int version, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        await DemandAsync(name, PermissionLevel.Read, cancellationToken).ConfigureAwait(false);
        return await RequireVersionAsync(name, version, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        await DemandAsync(name, PermissionLevel.Read, cancellationToken).ConfigureAwait(false);
        return await _store.ListModelVersionsAsync(name, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ModelVersion> UpdateVersionDescriptionAsync(string name, int version, string? description, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        ValidateVersionNumber(version);
        ValidateDescription(description);
        await DemandAsync(name, PermissionLevel.Edit, cancellationToken).ConfigureAwait(false);
        await _store.UpdateModelVersionAsync(name, version, description, cancellationToken).ConfigureAwait(false);
        return await RequireVersionAsync(name, version, cancellationToken).ConfigureAwait(false);
    }

    public async Task SetVersionTagAsync(string name, int version, string key, string value, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        ValidateVersionNumber(version);
        InputRules.ValidateKey("tag key", key);
        InputRules.ValidateTagValue(key, value);
        await DemandAsync(name, PermissionLevel.Edit, cancellationToken).ConfigureAwait(false);
        await _store.SetModelVersionTagsAsync(name, version, new Dictionary<string, string>(StringComparer.Ordinal) { [key] = value }, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteVersionTagAsync(string name, int version, string key, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        ValidateVersionNumber(version);
        InputRules.ValidateKey("tag key", key);
        await DemandAsync(name, PermissionLevel.Edit, cancellationToken).ConfigureAwait(false);
        await _store.DeleteModelVersionTagAsync(name, version, key, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ModelVersion> ArchiveVersionAsync(string name, int version, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        await DemandAsync(name, PermissionLevel.Manage, cancellationToken).ConfigureAwait(false);
        return await SetStatusAsync(name, version, ModelVersionStatus.Archived, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ModelVersion> RestoreVersionAsync(string name, int version, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        await DemandAsync(name, PermissionLevel.Manage, cancellationToken).ConfigureAwait(false);
        return await SetStatusAsync(name, version, ModelVersionStatus.Ready, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteVersionAsync(string name, int version, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        ValidateVersionNumber(version);
        await DemandAsync(name, PermissionLevel.Manage, cancellationToken).ConfigureAwait(false);
        var actor = _actor.CurrentActor;
        var now = _time.GetUtcNow();
        var draft = new JournalDraft(JournalKinds.ModelVersionDeleted, VersionSubject(name, version), actor, now,
            JournalPayload.Create(("name", name), ("version", version), ("actor", actor)));
        await _store.DeleteModelVersionAsync(name, version, draft, cancellationToken).ConfigureAwait(false);
        _cache.Evict(name, version);
    }

    private static string StatusText(ModelVersionStatus status) => status == ModelVersionStatus.Archived ? "ARCHIVED" : "READY";

    private static void ValidateOptions(RegisterVersionOptions options)
    {
        ValidateDescription(options.Description);
        ValidateTags(options.Tags);
    }

    private async Task<ModelVersion> SetStatusAsync(string name, int version, ModelVersionStatus status, CancellationToken cancellationToken)
    {
        ModelNames.ValidateModelName(name);
        ValidateVersionNumber(version);
        var actor = _actor.CurrentActor;
        var now = _time.GetUtcNow();
        var draft = new JournalDraft(JournalKinds.ModelVersionStatusChanged, VersionSubject(name, version), actor, now,
            JournalPayload.Create(("name", name), ("version", version), ("status", StatusText(status)), ("actor", actor)));
        await _store.SetModelVersionStatusAsync(name, version, status, draft, cancellationToken).ConfigureAwait(false);
        _cache.InvalidateResolutions(name); // 'latest' may now mean another version
        return await RequireVersionAsync(name, version, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ModelVersion> RegisterCopyAsync(string modelName, Stream content, string flavorName, string source, RegisterVersionOptions? options, CancellationToken cancellationToken)
    {
        options ??= new RegisterVersionOptions();
        ValidateOptions(options);
        var flavor = GetFlavor(flavorName);
        if (options.RunId is not null)
        {
            var run = await _tracking.GetRunAsync(options.RunId, cancellationToken).ConfigureAwait(false)
                ?? throw new MlopsNotFoundException("run", options.RunId);
            await DemandRunReadAsync(run.Info.ExperimentId, cancellationToken).ConfigureAwait(false);
        }

        using var file = await VerifiedModelFile.CopyAsync(content, _tempDirectory, cancellationToken).ConfigureAwait(false);
        return await RegisterVerifiedAsync(modelName, flavor, file, storeBytes: true, options.RunId, source, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads or checks the signature of verified bytes, then (only when it fits) stores the bytes and the version. On a
    /// schema mismatch nothing is written: no model, no version, no artifact, no journal entry.
    /// </summary>
    private async Task<ModelVersion> RegisterVerifiedAsync(string modelName, IModelFlavor flavor, VerifiedModelFile file, bool storeBytes, string? runId, string source, RegisterVersionOptions options, CancellationToken cancellationToken)
    {
        using var activity = MlopsInstrumentation.ActivitySource.StartActivity(RegistryTelemetry.RegisterActivity);
        activity?.SetTag(RegistryTelemetry.ModelName, modelName);
        activity?.SetTag(RegistryTelemetry.ModelFlavor, flavor.Name);
        var actor = _actor.CurrentActor;
        var tags = options.Tags ?? new Dictionary<string, string>();
        var signature = await ReadSignatureAsync(modelName, flavor, file, runId, source, options, actor, tags, cancellationToken).ConfigureAwait(false);

        if (storeBytes)
        {
            var stream = file.OpenRead();
            await using (stream.ConfigureAwait(false))
            {
                var stored = await _artifacts.PutAsync(stream, cancellationToken).ConfigureAwait(false);
                if (!string.Equals(stored.Digest, file.Digest, StringComparison.Ordinal) || stored.Length != file.Length)
                {
                    throw new MlopsArtifactIntegrityException(file.Digest, stored.Digest);
                }
            }
        }

        var now = _time.GetUtcNow();
        var created = new JournalDraft(JournalKinds.ModelCreated, ModelSubject(modelName), actor, now, JournalPayload.Create(("name", modelName)));
        await _store.GetOrCreateRegisteredModelAsync(modelName, now, actor, created, cancellationToken).ConfigureAwait(false);
        var version = await _store.CreateModelVersionAsync(
            new NewModelVersion(modelName, flavor.Name, file.Digest, file.Length, signature?.ToJson(), runId, source, options.Description, tags, now, actor),
            number => new JournalDraft(JournalKinds.ModelVersionRegistered, VersionSubject(modelName, number), actor, now, JournalPayload.Create(
                ("name", modelName), ("version", number), ("flavor", flavor.Name), ("digest", file.Digest), ("length", file.Length),
                ("runId", runId), ("source", source), ("actor", actor))),
            cancellationToken).ConfigureAwait(false);
        _cache.InvalidateResolutions(modelName); // 'latest' moved
        activity?.SetTag(RegistryTelemetry.ModelVersion, version.Version);
        RegistryLog.VersionRegistered(_logger, modelName, version.Version, flavor.Name, file.Digest, source);
        return version;
    }

    private static async Task<ModelSignature?> ReadSignatureAsync(string modelName, IModelFlavor flavor, VerifiedModelFile file, string? runId, string source, RegisterVersionOptions options, string actor, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        var mlContext = new MLContext();
        if (options.InputType is null && options.OutputType is null)
        {
            return await flavor.ReadSignatureAsync(mlContext, file.Path, cancellationToken).ConfigureAwait(false);
        }

        // Load once, check the declared types against what the model reads and produces, and keep the declared signature.
        var provisional = new ModelVersion(modelName, 0, flavor.Name, file.Digest, file.Length, null, runId, source, options.Description,
            tags, ModelVersionStatus.Ready, DateTimeOffset.MinValue, actor, []);
        using var loaded = await flavor.LoadAsync(mlContext, provisional, file.Path, cancellationToken).ConfigureAwait(false);
        SchemaFit.Check(loaded, options.InputType, options.OutputType);
        var fromModel = ModelSignatures.FromModel(loaded);
        return new ModelSignature(
            options.InputType is null ? fromModel.Inputs : TypeColumns.Of(options.InputType),
            options.OutputType is null ? fromModel.Outputs : TypeColumns.Of(options.OutputType));
    }

    private async Task<(string Flavor, string File)> ReadDescriptorAsync(string digest, long length, string path, CancellationToken cancellationToken)
    {
        if (length > MaxDescriptorLength)
        {
            throw new MlopsValidationException("model descriptor", path, $"{ModelDescriptorFileName} is larger than {MaxDescriptorLength} bytes.");
        }

        var stream = await _artifacts.OpenReadAsync(digest, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object
                    && root.TryGetProperty("flavor", out var flavor) && flavor.ValueKind == JsonValueKind.String
                    && root.TryGetProperty("file", out var file) && file.ValueKind == JsonValueKind.String
                    && file.GetString() is { Length: > 0 } fileName && !fileName.Contains('/', StringComparison.Ordinal))
                {
                    return (flavor.GetString()!, fileName);
                }
            }
            catch (JsonException e)
            {
                throw new MlopsValidationException("model descriptor", path, $"{ModelDescriptorFileName} is not JSON: {e.Message}");
            }
        }

        throw new MlopsValidationException("model descriptor", path, $"{ModelDescriptorFileName} must be an object with string properties 'flavor' and 'file'.");
    }
}
