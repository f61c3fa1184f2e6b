using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Mlops.Journal;
using Mlops.Serving.Telemetry;
using Mlops.Storage;

namespace Mlops.Serving.Internal;

/// <summary>
/// Follows the journal for every served model: remembers the last sequence read, hands new entries to the models, and
/// lets them refresh. One sync at a time; the hosted service calls it on a timer and <see cref="IModelServer.SyncAsync"/> on demand.
/// </summary>
internal sealed class ModelServer : IModelServer, IDisposable
{
    private const int PageSize = 1000;

    private readonly IServedModel[] _models;
    private readonly IJournalStore _journal;
    private readonly ServingOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _position = -1;

    public ModelServer(IEnumerable<IServedModel> models, IJournalStore journal, ServingTelemetry telemetry, ServingOptions options, ILogger<ModelServer> logger)
    {
        _models = models.ToArray();
        _journal = journal;
        _options = options;
        _logger = logger;
        telemetry.Meter.CreateObservableGauge(
            "mlops.serving.drift.score",
            CollectDriftScores,
            unit: "1",
            description: "Online drift score per feature and test of the live version: the p-value of hypothesis tests (drift when low), the distance otherwise (drift when high).");
    }

    internal IReadOnlyList<IServedModel> Models => _models;

    public void Dispose() => _gate.Dispose();

    /// <summary>The last journal sequence read (-1 before the first sync).</summary>
    internal long Position => Interlocked.Read(ref _position);

    public IReadOnlyList<ServedModelStatus> GetStatuses() => _models.Select(m => m.GetStatus()).ToList();

    public ServedModelStatus GetStatus(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return (_models.FirstOrDefault(m => string.Equals(m.Key, key, StringComparison.Ordinal))
            ?? throw new MlopsNotFoundException("served model", key)).GetStatus();
    }

    public async Task SyncAsync(CancellationToken cancellationToken = default)
    {
        await FollowAsync(cancellationToken).ConfigureAwait(false);
        await WaitForAuditAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until every swap so far is journaled (the follower does not wait for that).</summary>
    internal Task WaitForAuditAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_models.Select(m => m.AuditCompletion)).WaitAsync(cancellationToken);

    /// <summary>
    /// One round of the follower: reads the journal, refreshes every model and returns once the swaps are published,
    /// without waiting for their journal entries, so that a slow audit write never delays the next move.
    /// </summary>
    internal async Task FollowAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_position < 0)
            {
                await StartAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await ReadNewEntriesAsync(cancellationToken).ConfigureAwait(false);
            }

            foreach (var model in _models)
            {
                await model.RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task EvaluateDriftAsync(CancellationToken cancellationToken = default)
    {
        // Under the same gate as syncs: a threshold crossing is journaled once, and never for a generation mid-swap.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var model in _models)
            {
                await model.EvaluateDriftAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Takes the journal head as the starting position (so no later move is missed), then looks back over at most
    /// <see cref="ServingOptions.CauseLookback"/> entries for the entry that last moved each followed alias.
    /// </summary>
    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var head = await _journal.GetJournalHeadAsync(cancellationToken).ConfigureAwait(false);
        var position = head?.Sequence ?? 0;
        var wanted = _models.SelectMany(m => m.FollowedAliases.Select(a => (Model: m.ModelName, Alias: a))).ToHashSet();
        var floor = Math.Max(1, position - _options.CauseLookback + 1);
        for (var to = position; to >= floor && wanted.Count > 0; to -= PageSize)
        {
            var from = Math.Max(floor, to - PageSize + 1);
            var page = await _journal.ReadJournalAsync(from, (int)(to - from + 1), cancellationToken).ConfigureAwait(false);
            for (var i = page.Count - 1; i >= 0 && wanted.Count > 0; i--)
            {
                if (page[i].Kind == JournalKinds.ModelAliasSet
                    && JournalAliasEvent.TryRead(page[i]) is { Alias: { } alias } change
                    && wanted.Remove((change.ModelName, alias)))
                {
                    foreach (var model in _models.Where(m => m.ModelName == change.ModelName))
                    {
                        model.SetInitialCause(alias, change.Cause);
                    }
                }
            }
        }

        Interlocked.Exchange(ref _position, position);
    }

    private async Task ReadNewEntriesAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var entries = await _journal.ReadJournalAsync(_position + 1, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var entry in entries)
            {
                foreach (var model in _models)
                {
                    model.Observe(entry);
                }

                Interlocked.Exchange(ref _position, entry.Sequence);
            }

            if (entries.Count < PageSize)
            {
                return;
            }
        }
    }

    private List<Measurement<double>> CollectDriftScores()
    {
        var measurements = new List<Measurement<double>>();
        foreach (var model in _models)
        {
            model.CollectDriftScores(measurements);
        }

        return measurements;
    }
}
