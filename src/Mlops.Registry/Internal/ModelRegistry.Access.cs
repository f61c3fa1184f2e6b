using System.Runtime.CompilerServices;
using Mlops.Governance;

namespace Mlops.Registry;

/// <summary>
/// Permission demands on registered models (by name). Read to read and load, Edit to register versions and change
/// descriptions and tags (and to create a model), Manage to move aliases, archive, restore, delete and rename. Lists and
/// searches leave out the models the actor cannot read.
/// </summary>
internal sealed partial class ModelRegistry
{
    /// <summary>
    /// The check a guard may offer through <see cref="IServiceProvider"/> (Governance's does): given an operation it demands
    /// and names the operation in the journaled denial; given <see langword="null"/> it only tells, for filtering lists.
    /// </summary>
    private readonly Func<ResourceKind, string, PermissionLevel, string?, CancellationToken, ValueTask<bool>>? _accessCheck;

    /// <summary>Whether demands can fail: Core ships only the allow-all guard, so any other guard enforces something.</summary>
    private readonly bool _accessEnforced;

    private static Func<ResourceKind, string, PermissionLevel, string?, CancellationToken, ValueTask<bool>>? FindAccessCheck(IAccessGuard access) =>
        (access as IServiceProvider)?.GetService(typeof(Func<ResourceKind, string, PermissionLevel, string?, CancellationToken, ValueTask<bool>>))
            as Func<ResourceKind, string, PermissionLevel, string?, CancellationToken, ValueTask<bool>>;

    private async ValueTask DemandAsync(string modelName, PermissionLevel level, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        if (_accessCheck is { } check)
        {
            await check(ResourceKind.RegisteredModel, modelName, level, operation, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _access.DemandAsync(ResourceKind.RegisteredModel, modelName, level, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Registering a run's model reads the run: Read on its experiment.</summary>
    private async ValueTask DemandRunReadAsync(string experimentId, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        if (!_accessEnforced)
        {
            return;
        }

        var experiment = await _tracking.GetExperimentAsync(experimentId, cancellationToken).ConfigureAwait(false)
            ?? throw new MlopsNotFoundException("experiment", experimentId);
        if (_accessCheck is { } check)
        {
            await check(ResourceKind.Experiment, experiment.Name, PermissionLevel.Read, operation, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _access.DemandAsync(ResourceKind.Experiment, experiment.Name, PermissionLevel.Read, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<bool> CanReadAsync(string modelName, CancellationToken cancellationToken) =>
        _accessCheck is not { } check || await check(ResourceKind.RegisteredModel, modelName, PermissionLevel.Read, null, cancellationToken).ConfigureAwait(false);

    private async Task<List<T>> FilterReadableAsync<T>(IReadOnlyList<T> items, Func<T, string> modelName, CancellationToken cancellationToken)
    {
        var readable = new Dictionary<string, bool>(StringComparer.Ordinal);
        var kept = new List<T>(items.Count);
        foreach (var item in items)
        {
            var name = modelName(item);
            if (!readable.TryGetValue(name, out var canRead))
            {
                canRead = await CanReadAsync(name, cancellationToken).ConfigureAwait(false);
                readable[name] = canRead;
            }

            if (canRead)
            {
                kept.Add(item);
            }
        }

        return kept;
    }
}
