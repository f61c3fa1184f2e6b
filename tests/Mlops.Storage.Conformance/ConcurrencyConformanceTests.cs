using Mlops.Journal;
using Mlops.Search;
using Mlops.Tracking;

namespace Mlops.Storage.Conformance;

/// <summary>
/// Concurrency: racing get-or-create, and many writers appending journal entries and metrics through one store object
/// and through two on the same database. Every test checks outcomes only (no timing): one experiment, a contiguous chain
/// that verifies, every point present.
/// </summary>
/// <typeparam name="TProvider">The provider under test.</typeparam>
public abstract class ConcurrencyConformanceTests<TProvider> : StoreConformanceBase<TProvider>
    where TProvider : IStoreConformanceProvider, new()
{
    private const int Workers = 8;
    private const int PerWorker = 25;

    /// <summary>Starts every action on the thread pool at once (behind a gate) and waits for all of them.</summary>
    private static async Task<T[]> RaceAsync<T>(int count, Func<int, Task<T>> action)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return await action(i);
        })).ToArray();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }

    private async Task<IMlopsStore[]> StoresAsync(bool twoInstances) =>
        twoInstances ? [Store, await OpenSecondAsync()] : [Store];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetOrCreateExperiment_16ConcurrentCallers_GetOneExperimentAndOneJournalEntry(bool twoInstances)
    {
        var stores = await StoresAsync(twoInstances);

        var results = await RaceAsync(16, i => stores[i % stores.Length].GetOrCreateExperimentAsync(
            NewId(), "raced", T0, $"caller-{i}", Draft(JournalKinds.ExperimentCreated, "experiment/raced"), Ct));

        results.Select(e => e.ExperimentId).Distinct().Should().ContainSingle();
        (await Store.ListExperimentsAsync(Ct)).Should().ContainSingle().Which.Should().Be(results[0]);
        var journal = await ReadAllJournalAsync();
        journal.Should().ContainSingle(e => e.Kind == JournalKinds.ExperimentCreated);
        journal.Should().ContainSingle();
        (await JournalVerifier.VerifyAsync(Store, Ct)).IsValid.Should().BeTrue();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AppendJournal_FromManyWriters_GivesAContiguousChainWithEveryEntry(bool twoInstances)
    {
        var stores = await StoresAsync(twoInstances);

        var appended = await RaceAsync(Workers, async worker =>
        {
            var mine = new List<JournalEntry>();
            for (var i = 0; i < PerWorker; i++)
            {
                mine.Add(await stores[worker % stores.Length].AppendJournalAsync(Draft("test.event", $"worker/{worker}/{i}"), Ct));
            }

            return mine;
        });

        var journal = await ReadAllJournalAsync();
        journal.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, Workers * PerWorker).Select(i => (long)i));
        journal.Select(e => e.Subject).Should().BeEquivalentTo(
            Enumerable.Range(0, Workers).SelectMany(w => Enumerable.Range(0, PerWorker).Select(i => $"worker/{w}/{i}")));
        journal.Should().BeEquivalentTo(appended.SelectMany(a => a), "what each append returned is what was stored");
        foreach (var mine in appended)
        {
            mine.Select(e => e.Sequence).Should().BeInAscendingOrder("one writer's appends are ordered");
        }

        var result = await JournalVerifier.VerifyAsync(Store, Ct);
        result.IsValid.Should().BeTrue(result.Problem);
        result.EntriesChecked.Should().Be(Workers * PerWorker);
        (await Store.GetJournalHeadAsync(Ct)).Should().Be(new JournalHead(Workers * PerWorker, journal[^1].Hash));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AppendMetrics_FromManyWriters_StoresEveryPoint(bool twoInstances)
    {
        var stores = await StoresAsync(twoInstances);
        var experiment = await CreateExperimentAsync();
        var shared = await CreateRunAsync(experiment.ExperimentId);

        await RaceAsync(Workers, async worker =>
        {
            var store = stores[worker % stores.Length];
            for (var batch = 0; batch < 10; batch++)
            {
                var points = Enumerable.Range(0, 20)
                    .Select(i => Point(shared, $"w{worker}", worker * 1000 + (batch * 20) + i, step: (batch * 20) + i, offsetMs: i))
                    .Append(Point(shared, "all", worker, step: batch, offsetMs: worker))
                    .ToArray();
                await store.AppendMetricsAsync(points, Ct);
            }

            return worker;
        });

        var run = await GetRunAsync(shared);
        for (var worker = 0; worker < Workers; worker++)
        {
            var history = await Store.GetMetricHistoryAsync(shared, $"w{worker}", Ct);
            history.Select(m => m.Step).Should().Equal(Enumerable.Range(0, 200).Select(i => (long)i));
            history.Select(m => m.Value).Should().Equal(Enumerable.Range(0, 200).Select(i => (double)(worker * 1000 + i)));
            run.LatestMetrics[$"w{worker}"].Value.Should().Be(worker * 1000 + 199);
        }

        var all = await Store.GetMetricHistoryAsync(shared, "all", Ct);
        all.Should().HaveCount(Workers * 10);
        run.LatestMetrics["all"].Should().Be(new Metric("all", Workers - 1, 9, DateTimeOffset.FromUnixTimeMilliseconds(T0.ToUnixTimeMilliseconds() + Workers - 1)),
            "at step 9 the latest timestamp belongs to the last worker");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MixedMutations_FromManyWriters_KeepTheChainContiguousAndVerifiable(bool twoInstances)
    {
        var stores = await StoresAsync(twoInstances);
        var experiment = await CreateExperimentAsync("mixed");

        var runIds = await RaceAsync(Workers, async worker =>
        {
            var store = stores[worker % stores.Length];
            var ids = new List<string>();
            for (var i = 0; i < 5; i++)
            {
                var runId = await CreateRunAsync(experiment.ExperimentId, T0.AddSeconds(worker * 10 + i), store: store);
                await store.AppendMetricsAsync(new[] { Point(runId, "x", i) }, Ct);
                await store.AppendJournalAsync(Draft("test.event", $"after/{runId}"), Ct);
                await store.EndRunAsync(runId, RunStatus.Finished, T0.AddHours(1), null, Draft(JournalKinds.RunEnded, $"run/{runId}"), Ct);
                await store.GetOrCreateExperimentAsync(NewId(), "mixed", T0, "x", Draft(JournalKinds.ExperimentCreated, "experiment/mixed"), Ct);
                ids.Add(runId);
            }

            return ids;
        });

        var journal = await ReadAllJournalAsync();
        journal.Should().HaveCount(1 + (Workers * 5 * 3));
        journal.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, journal.Count).Select(i => (long)i));
        journal.Count(e => e.Kind == JournalKinds.ExperimentCreated).Should().Be(1);
        (await JournalVerifier.VerifyAsync(Store, Ct)).IsValid.Should().BeTrue();
        var page = await Store.SearchRunsAsync(new RunSearchRequest([experiment.ExperimentId], null, [], 1000), Ct);
        page.Runs.Select(r => r.RunId).Should().BeEquivalentTo(runIds.SelectMany(ids => ids));
        page.Runs.Should().OnlyContain(r => r.Info.Status == RunStatus.Finished && r.LatestMetrics.ContainsKey("x"));
    }
}
