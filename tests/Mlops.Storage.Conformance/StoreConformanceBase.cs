using Mlops.Journal;
using Mlops.Tracking;

namespace Mlops.Storage.Conformance;

/// <summary>
/// The base of every store conformance test class: creates a fresh store per test, disposes every store it created, and
/// offers the helpers the area classes share. A provider implements the four abstract members, or (simpler) derives
/// from the area classes through <see cref="StoreConformanceBase{TProvider}"/> with one <see cref="IStoreConformanceProvider"/>.
/// </summary>
public abstract class StoreConformanceBase : IAsyncLifetime
{
    /// <summary>A fixed instant the tests build their timestamps on (whole milliseconds, UTC).</summary>
    protected static readonly DateTimeOffset T0 = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The actor the tests' journal drafts name.</summary>
    protected const string Actor = "conformance";

    private readonly List<IMlopsStore> _stores = [];
    private IMlopsStore? _store;

    /// <summary>The store created for this test.</summary>
    protected IMlopsStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>The test's cancellation token.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates a fresh, empty, initialized store (new database).</summary>
    protected abstract Task<IMlopsStore> CreateStoreAsync(CancellationToken cancellationToken);

    /// <summary>Opens another store object on the same database as <paramref name="first"/> (stands in for a second process).</summary>
    protected abstract Task<IMlopsStore> OpenSecondInstanceAsync(IMlopsStore first, CancellationToken cancellationToken);

    /// <summary>Changes a stored journal entry's payload behind the store's back (raw SQL).</summary>
    protected abstract Task TamperJournalPayloadAsync(IMlopsStore store, long sequence, string newPayload, CancellationToken cancellationToken);

    /// <summary>Deletes a stored journal entry behind the store's back (raw SQL), leaving the head record as it is.</summary>
    protected abstract Task DeleteJournalEntryAsync(IMlopsStore store, long sequence, CancellationToken cancellationToken);

    /// <inheritdoc />
    public virtual async ValueTask InitializeAsync()
    {
        _store = await CreateStoreAsync(Ct);
        _stores.Add(_store);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        for (var i = _stores.Count - 1; i >= 0; i--)
        {
            switch (_stores[i])
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }

        _stores.Clear();
        await DisposeTestResourcesAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what backs the test's stores (files, databases) after every store was disposed.</summary>
    protected virtual ValueTask DisposeTestResourcesAsync() => ValueTask.CompletedTask;

    /// <summary>Opens a second store object on the test's database; it is disposed with the test.</summary>
    protected async Task<IMlopsStore> OpenSecondAsync()
    {
        var second = await OpenSecondInstanceAsync(Store, Ct);
        _stores.Add(second);
        return second;
    }

    /// <summary>A new identifier in the format stores expect (32 lowercase hex).</summary>
    /// <summary>Creates another fresh, empty store of the provider under test, disposed with the test.</summary>
    protected async Task<IMlopsStore> CreateFreshStoreAsync()
    {
        var store = await CreateStoreAsync(Ct);
        _stores.Add(store);
        return store;
    }

    protected static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>A journal draft with a small JSON payload.</summary>
    protected static JournalDraft Draft(string kind, string subject, DateTimeOffset? at = null, string? payload = null) =>
        new(kind, subject, Actor, at ?? T0, payload ?? JournalPayload.Create(("subject", subject)));

    /// <summary>Creates (or gets) an experiment with a unique name unless one is given.</summary>
    protected async Task<Experiment> CreateExperimentAsync(string? name = null, IMlopsStore? store = null)
    {
        name ??= "exp-" + NewId();
        var id = NewId();
        return await (store ?? Store).GetOrCreateExperimentAsync(
            id, name, T0, "alice", Draft(JournalKinds.ExperimentCreated, $"experiment/{name}"), Ct);
    }

    /// <summary>Creates a run and returns its identifier.</summary>
    protected async Task<string> CreateRunAsync(
        string experimentId,
        DateTimeOffset? startTime = null,
        string? runName = null,
        string? parentRunId = null,
        IReadOnlyDictionary<string, string>? tags = null,
        string user = "alice",
        string? runId = null,
        IMlopsStore? store = null)
    {
        runId ??= NewId();
        var newRun = new NewRun(runId, experimentId, runName ?? "run-" + runId[..8], parentRunId, startTime ?? T0, user,
            tags ?? new Dictionary<string, string>());
        await (store ?? Store).CreateRunAsync(newRun, Draft(JournalKinds.RunCreated, $"run/{runId}", startTime), Ct);
        return runId;
    }

    /// <summary>Ends a run with the status and a run.ended journal entry.</summary>
    protected Task EndRunAsync(string runId, RunStatus status, DateTimeOffset endTime, string? error = null) =>
        Store.EndRunAsync(runId, status, endTime, error, Draft(JournalKinds.RunEnded, $"run/{runId}", endTime), Ct);

    /// <summary>Reads the whole journal.</summary>
    protected async Task<IReadOnlyList<JournalEntry>> ReadAllJournalAsync(IMlopsStore? store = null) =>
        await (store ?? Store).ReadJournalAsync(1, 100_000, Ct);

    /// <summary>Gets a run that must exist.</summary>
    protected async Task<Run> GetRunAsync(string runId)
    {
        var run = await Store.GetRunAsync(runId, Ct);
        run.Should().NotBeNull("run {0} should exist", runId);
        return run!;
    }

    /// <summary>A metric point at <see cref="T0"/> plus <paramref name="offsetMs"/>.</summary>
    protected static MetricPoint Point(string runId, string key, double value, long step = 0, long offsetMs = 0) =>
        new(runId, key, value, step, T0.ToUnixTimeMilliseconds() + offsetMs);

    /// <summary>Captures what a failed call must leave unchanged: the journal and the given runs.</summary>
    protected async Task<StoreSnapshot> SnapshotAsync(params string[] runIds)
    {
        var runs = new List<Run?>();
        foreach (var runId in runIds)
        {
            runs.Add(await Store.GetRunAsync(runId, Ct));
        }

        return new StoreSnapshot(await Store.GetJournalHeadAsync(Ct), await ReadAllJournalAsync(), runs,
            await Store.ListExperimentsAsync(Ct));
    }

    /// <summary>Asserts that nothing changed since <paramref name="before"/>.</summary>
    protected async Task ShouldBeUnchangedAsync(StoreSnapshot before, params string[] runIds)
    {
        var after = await SnapshotAsync(runIds);
        after.Head.Should().Be(before.Head, "a failed call must not append to the journal");
        after.Journal.Should().Equal(before.Journal);
        after.Experiments.Should().Equal(before.Experiments);
        after.Runs.Should().BeEquivalentTo(before.Runs, options => options.WithStrictOrdering(), "a failed call must not change any run");
    }

    /// <summary>What <see cref="SnapshotAsync"/> captured.</summary>
    /// <param name="Head">The journal head.</param>
    /// <param name="Journal">Every journal entry.</param>
    /// <param name="Runs">The runs asked for (null where absent).</param>
    /// <param name="Experiments">Every experiment.</param>
    protected sealed record StoreSnapshot(
        JournalHead? Head, IReadOnlyList<JournalEntry> Journal, IReadOnlyList<Run?> Runs, IReadOnlyList<Experiment> Experiments);
}
