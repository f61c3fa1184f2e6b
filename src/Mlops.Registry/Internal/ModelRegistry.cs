using Microsoft.Extensions.Logging;
using Mlops.Artifacts;
using Mlops.Journal;
using Mlops.Storage;

namespace Mlops.Registry;

/// <summary>The registry over an <see cref="IRegistryStore"/>, the tracking store (for runs and lineage) and the artifact store.</summary>
internal sealed partial class ModelRegistry : IModelRegistry, IDisposable
{
    private const int MaxDescriptionLength = 5000;

    private readonly IRegistryStore _store;
    private readonly IJournalStore _journal;
    private readonly Mlops.Governance.IAccessGuard _access;
    private readonly ITrackingStore _tracking;
    private readonly IArtifactStore _artifacts;
    private readonly Dictionary<string, IModelFlavor> _flavors;
    private readonly IPromotionGuard[] _guards;
    private readonly IActorAccessor _actor;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LoadedModelCache _cache;
    private readonly string _tempDirectory;

    public ModelRegistry(
        IRegistryStore store,
        IJournalStore journal,
        Mlops.Governance.IAccessGuard access,
        ITrackingStore tracking,
        IArtifactStore artifacts,
        IEnumerable<IModelFlavor> flavors,
        IEnumerable<IPromotionGuard> guards,
        IActorAccessor actor,
        TimeProvider time,
        RegistryOptions options,
        ILogger<ModelRegistry> logger)
    {
        _store = store;
        _journal = journal;
        _access = access;
        _tracking = tracking;
        _artifacts = artifacts;
        _flavors = new Dictionary<string, IModelFlavor>(StringComparer.Ordinal);
        foreach (var flavor in flavors)
        {
            _flavors[flavor.Name] = flavor;
        }

        _guards = guards.ToArray();
        _actor = actor;
        _time = time;
        _logger = logger;
        _tempDirectory = options.TempDirectory ?? Path.Combine(Path.GetTempPath(), "mlops-registry");
        _cache = new LoadedModelCache(time, options.AliasCacheDuration, options.MaxLoadedModels, logger);
    }

    public void Dispose() => _cache.Dispose();

    private static string ModelSubject(string name) => "model/" + name;

    private static string VersionSubject(string name, int version) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"model/{name}/{version}");

    private static void ValidateDescription(string? description)
    {
        if (description is { Length: > MaxDescriptionLength })
        {
            throw new MlopsValidationException("description", description, $"a description is at most {MaxDescriptionLength} characters.");
        }
    }

    private static void ValidateTags(IReadOnlyDictionary<string, string>? tags)
    {
        if (tags is null)
        {
            return;
        }

        foreach (var (key, value) in tags)
        {
            InputRules.ValidateKey("tag key", key);
            InputRules.ValidateTagValue(key, value);
        }
    }

    private static void ValidateVersionNumber(int version)
    {
        if (version < 1)
        {
            throw new MlopsValidationException("model version", version.ToString(System.Globalization.CultureInfo.InvariantCulture), "versions start at 1.");
        }
    }

    private IModelFlavor GetFlavor(string name) =>
        _flavors.TryGetValue(name, out var flavor)
            ? flavor
            : throw new MlopsValidationException("flavor", name,
                $"no flavor of that name is registered; registered flavors: {string.Join(", ", _flavors.Keys.Order(StringComparer.Ordinal))}.");

    private async Task<RegisteredModel> RequireModelAsync(string name, CancellationToken cancellationToken)
    {
        ModelNames.ValidateModelName(name);
        return await _store.GetRegisteredModelAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new MlopsNotFoundException("registered model", name);
    }

    private async Task<ModelVersion> RequireVersionAsync(string name, int version, CancellationToken cancellationToken)
    {
        ModelNames.ValidateModelName(name);
        ValidateVersionNumber(version);
        return await _store.GetModelVersionAsync(name, version, cancellationToken).ConfigureAwait(false)
            ?? throw new MlopsNotFoundException("model version", VersionSubject(name, version)["model/".Length..]);
    }
}
