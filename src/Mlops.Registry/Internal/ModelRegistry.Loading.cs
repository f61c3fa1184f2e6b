using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Mlops.Governance;

namespace Mlops.Registry;

internal sealed partial class ModelRegistry
{
    public async Task<ModelVersion> ResolveAsync(string modelUri, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelUri);
        var uri = ModelUri.Parse(modelUri);
        await DemandAsync(uri.Name, PermissionLevel.Read, cancellationToken).ConfigureAwait(false);
        var (version, _) = await ResolveCoreAsync(uri, cancellationToken).ConfigureAwait(false);
        return version;
    }

    public Task<LoadedModel> LoadAsync(string modelUri, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelUri);
        if (AccessEnforced)
        {
            return LoadDemandedAsync(modelUri, cancellationToken);
        }

        // The hot path: this exact URI was loaded before and, for an alias, resolved recently. No I/O, no allocation.
        return _cache.TryGet(modelUri, out var cached) ? cached : LoadUncachedAsync(modelUri, cancellationToken);
    }

    public async Task<LoadedModel> LoadOwnedAsync(string modelUri, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelUri);
        var uri = ModelUri.Parse(modelUri);
        await DemandAsync(uri.Name, PermissionLevel.Read, cancellationToken).ConfigureAwait(false);
        var (version, _) = await ResolveCoreAsync(uri, cancellationToken).ConfigureAwait(false);
        return await LoadVerifiedAsync(version).ConfigureAwait(false);
    }

    public async Task<ModelSignature?> GetSignatureAsync(string modelUri, CancellationToken cancellationToken = default)
    {
        var version = await ResolveAsync(modelUri, cancellationToken).ConfigureAwait(false);
        return version.Signature is { Length: > 0 } json ? ModelSignature.FromJson(json) : null;
    }

    public async Task<SignatureComparison> CompareSignaturesAsync(string currentUri, string candidateUri, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(currentUri);
        ArgumentException.ThrowIfNullOrEmpty(candidateUri);
        var current = await GetSignatureAsync(currentUri, cancellationToken).ConfigureAwait(false)
            ?? throw new MlopsValidationException("model URI", currentUri, "the version has no signature to compare.");
        var candidate = await GetSignatureAsync(candidateUri, cancellationToken).ConfigureAwait(false)
            ?? throw new MlopsValidationException("model URI", candidateUri, "the version has no signature to compare.");
        return ModelSignature.Compare(current, candidate);
    }

    /// <summary>With permissions on, every load is a demand (even a cached one), so a revocation applies to the next load.</summary>
    private async Task<LoadedModel> LoadDemandedAsync(string modelUri, CancellationToken cancellationToken)
    {
        await DemandAsync(ModelUri.Parse(modelUri).Name, PermissionLevel.Read, cancellationToken, nameof(LoadAsync)).ConfigureAwait(false);
        return await (_cache.TryGet(modelUri, out var cached) ? cached : LoadUncachedAsync(modelUri, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<LoadedModel> LoadUncachedAsync(string modelUri, CancellationToken cancellationToken)
    {
        var uri = ModelUri.Parse(modelUri);
        var (version, byVersion) = await ResolveCoreAsync(uri, cancellationToken).ConfigureAwait(false);
        return await _cache.GetOrLoadAsync(modelUri, version, volatileUri: !byVersion, LoadVerifiedAsync, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Copies the stored bytes into a private temp file, checks SHA-256 and length, and only then lets the flavor read them.</summary>
    private async Task<LoadedModel> LoadVerifiedAsync(ModelVersion version)
    {
        using var activity = MlopsInstrumentation.ActivitySource.StartActivity(RegistryTelemetry.LoadActivity);
        activity?.SetTag(RegistryTelemetry.ModelName, version.ModelName);
        activity?.SetTag(RegistryTelemetry.ModelVersion, version.Version);
        activity?.SetTag(RegistryTelemetry.ModelFlavor, version.Flavor);
        var started = _time.GetTimestamp();
        var flavor = GetFlavor(version.Flavor);
        VerifiedModelFile file;
        try
        {
            file = await VerifiedModelFile.FromStoreAsync(_artifacts, version.ArtifactDigest, version.ArtifactLength, _tempDirectory, CancellationToken.None).ConfigureAwait(false);
        }
        catch (MlopsArtifactIntegrityException e)
        {
            RegistryLog.IntegrityFailed(_logger, version.ModelName, version.Version, e.ExpectedDigest, e.ActualDigest);
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }

        using (file)
        {
            var loaded = await flavor.LoadAsync(new MLContext(), version, file.Path, CancellationToken.None).ConfigureAwait(false);
            RegistryLog.ModelLoaded(_logger, version.ModelName, version.Version, version.Flavor, _time.GetElapsedTime(started).TotalMilliseconds);
            return loaded;
        }
    }

    /// <summary>Resolves a URI to a version; the flag tells whether the URI names the version itself (so it never goes stale).</summary>
    private async Task<(ModelVersion Version, bool ByVersion)> ResolveCoreAsync(ModelUri uri, CancellationToken cancellationToken)
    {
        if (uri.Version is { } number)
        {
            return (await RequireVersionAsync(uri.Name, number, cancellationToken).ConfigureAwait(false), true);
        }

        var alias = uri.Alias!;
        if (alias.Equals(ModelNames.Latest, StringComparison.OrdinalIgnoreCase))
        {
            var versions = await _store.ListModelVersionsAsync(uri.Name, cancellationToken).ConfigureAwait(false);
            var latest = versions.LastOrDefault(v => v.Status == ModelVersionStatus.Ready)
                ?? throw new MlopsNotFoundException("model version", uri.Name + "/latest (no ready version)");
            return (latest, false);
        }

        if (ModelNames.IsReservedAlias(alias)
            && int.TryParse(alias.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var reserved) && reserved > 0)
        {
            return (await RequireVersionAsync(uri.Name, reserved, cancellationToken).ConfigureAwait(false), true);
        }

        var target = await _store.GetAliasAsync(uri.Name, alias, cancellationToken).ConfigureAwait(false);
        if (target is null)
        {
            _ = await RequireModelAsync(uri.Name, cancellationToken).ConfigureAwait(false);
            throw new MlopsNotFoundException("alias", uri.Name + "@" + alias);
        }

        return (await RequireVersionAsync(uri.Name, target.Value, cancellationToken).ConfigureAwait(false), false);
    }
}
