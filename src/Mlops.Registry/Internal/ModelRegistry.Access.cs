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
    /// <summary>Whether demands can fail (permissions enabled); when not, no lookup is made for them.</summary>
    private bool AccessEnforced => _access.IsEnforced;

    private async ValueTask DemandAsync(string modelName, PermissionLevel level, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        await _access.DemandAsync(ResourceKind.RegisteredModel, modelName, level, cancellationToken, operation).ConfigureAwait(false);
    }

    /// <summary>Registering a run's model reads the run: Read on its experiment.</summary>
    private async ValueTask DemandRunReadAsync(string experimentId, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        if (!AccessEnforced)
        {
            return;
        }

        var experiment = await _tracking.GetExperimentAsync(experimentId, cancellationToken).ConfigureAwait(false)
            ?? throw new MlopsNotFoundException("experiment", experimentId);
        await _access.DemandAsync(ResourceKind.Experiment, experiment.Name, PermissionLevel.Read, cancellationToken, operation).ConfigureAwait(false);
    }

    private async ValueTask<bool> CanReadAsync(string modelName, CancellationToken cancellationToken) =>
        !AccessEnforced || await _access.HoldsAsync(ResourceKind.RegisteredModel, modelName, PermissionLevel.Read, cancellationToken).ConfigureAwait(false);

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
