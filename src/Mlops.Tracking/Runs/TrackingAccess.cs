using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Mlops.Governance;
using Mlops.Storage;

namespace Mlops.Tracking;

/// <summary>
/// Asks the <see cref="IAccessGuard"/> about experiments by name, for operations that know a run or an experiment id.
/// With a guard that does not enforce (Core's allow-all default: permissions off) nothing is looked up and nothing is
/// asked. Lists are filtered with <see cref="IAccessGuard.HoldsAsync"/>, so a hidden item journals no denial.
/// </summary>
internal sealed class TrackingAccess
{
    private const int MaxCachedRuns = 10_000;

    private readonly IAccessGuard _guard;
    private readonly ITrackingStore _store;

    // Experiments are never renamed and runs never move, so both mappings stay true for the life of the process.
    private readonly ConcurrentDictionary<string, string> _experimentNames = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _runExperiments = new(StringComparer.Ordinal);

    public TrackingAccess(IAccessGuard guard, ITrackingStore store)
    {
        _guard = guard;
        _store = store;
        IsEnforced = guard.IsEnforced;
    }

    /// <summary>Whether demands can fail (so whether looking up an experiment's name is worth it).</summary>
    public bool IsEnforced { get; }

    public async ValueTask DemandAsync(string experimentName, PermissionLevel level, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        if (!IsEnforced)
        {
            return;
        }

        await _guard.DemandAsync(ResourceKind.Experiment, experimentName, level, cancellationToken, operation).ConfigureAwait(false);
    }

    public async ValueTask DemandByIdAsync(string experimentId, PermissionLevel level, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        if (IsEnforced)
        {
            await DemandAsync(await GetExperimentNameAsync(experimentId, cancellationToken).ConfigureAwait(false), level, cancellationToken, operation).ConfigureAwait(false);
        }
    }

    public async ValueTask DemandByRunAsync(string runId, PermissionLevel level, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        if (!IsEnforced)
        {
            return;
        }

        if (!_runExperiments.TryGetValue(runId, out var experimentId))
        {
            var run = await _store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
                ?? throw new MlopsNotFoundException("run", runId);
            experimentId = Remember(runId, run.Info.ExperimentId);
        }

        await DemandByIdAsync(experimentId, level, cancellationToken, operation).ConfigureAwait(false);
    }

    /// <summary>Whether the actor may read the experiment (never journals).</summary>
    public async ValueTask<bool> CanReadAsync(string experimentName, CancellationToken cancellationToken) =>
        !IsEnforced || await _guard.HoldsAsync(ResourceKind.Experiment, experimentName, PermissionLevel.Read, cancellationToken).ConfigureAwait(false);

    public async ValueTask<bool> CanReadByIdAsync(string experimentId, CancellationToken cancellationToken) =>
        !IsEnforced || await CanReadAsync(await GetExperimentNameAsync(experimentId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>The runs of experiments the actor may read.</summary>
    public async Task<IReadOnlyList<RunInfo>> FilterAsync(IReadOnlyList<RunInfo> runs, CancellationToken cancellationToken)
    {
        if (!IsEnforced || runs.Count == 0)
        {
            return runs;
        }

        var readable = new Dictionary<string, bool>(StringComparer.Ordinal);
        var kept = new List<RunInfo>(runs.Count);
        foreach (var run in runs)
        {
            if (!readable.TryGetValue(run.ExperimentId, out var canRead))
            {
                canRead = await CanReadByIdAsync(run.ExperimentId, cancellationToken).ConfigureAwait(false);
                readable[run.ExperimentId] = canRead;
            }

            if (canRead)
            {
                kept.Add(run);
            }
        }

        return kept;
    }

    public string Remember(string runId, string experimentId)
    {
        if (IsEnforced)
        {
            if (_runExperiments.Count >= MaxCachedRuns)
            {
                _runExperiments.Clear();
            }

            _runExperiments.TryAdd(runId, experimentId);
        }

        return experimentId;
    }

    private async ValueTask<string> GetExperimentNameAsync(string experimentId, CancellationToken cancellationToken)
    {
        if (_experimentNames.TryGetValue(experimentId, out var name))
        {
            return name;
        }

        var experiment = await _store.GetExperimentAsync(experimentId, cancellationToken).ConfigureAwait(false)
            ?? throw new MlopsNotFoundException("experiment", experimentId);
        _experimentNames.TryAdd(experimentId, experiment.Name);
        return experiment.Name;
    }
}
