using Mlops.Journal;
using Mlops.Storage.Sqlite.Tests.TestSupport;
using Mlops.Tracking;
using static Mlops.Storage.Sqlite.Tests.TestSupport.StoreData;

namespace Mlops.Storage.Sqlite.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task SixteenThreads_AppendingMetricsAndJournalEntries_LoseNothingAndSeeNoLockError()
    {
        const int Threads = 16;
        const int Rounds = 40;
        const int BatchSize = 10;
        await using var db = new TestDatabase();
        var store = await db.OpenInitializedAsync();
        var experiment = await store.ExperimentAsync();
        var runId = await store.RunAsync(experiment.ExperimentId);

        await Task.WhenAll(Enumerable.Range(0, Threads).Select(thread => Task.Run(async () =>
        {
            for (var round = 0; round < Rounds; round++)
            {
                var batch = Enumerable.Range(0, BatchSize).Select(i => Point(runId, $"m{thread}", i, step: round * BatchSize + i)).ToArray();
                await store.AppendMetricsAsync(batch, Ct);
                await store.AppendJournalAsync(Draft("test.event", $"thread/{thread}/{round}"), Ct);
                // Readers run beside the writer.
                (await store.GetRunAsync(runId, Ct)).Should().NotBeNull();
            }
        }, Ct)));

        for (var thread = 0; thread < Threads; thread++)
        {
            var history = await store.GetMetricHistoryAsync(runId, $"m{thread}", Ct);
            history.Should().HaveCount(Rounds * BatchSize);
            history.Select(m => m.Step).Should().BeInAscendingOrder();
        }

        var run = (await store.GetRunAsync(runId, Ct))!;
        run.LatestMetrics.Should().HaveCount(Threads).And.OnlyContain(m => m.Value.Step == Rounds * BatchSize - 1);
        var journal = await store.ReadJournalAsync(1, 10_000, Ct);
        journal.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, 2 + Threads * Rounds).Select(i => (long)i));
        (await JournalVerifier.VerifyAsync(store, Ct)).IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task TwoStoreInstancesOnOneFile_WritingConcurrently_LoseNothingAndJournalContiguously()
    {
        const int ThreadsPerStore = 6;
        const int Rounds = 15;
        await using var db = new TestDatabase();
        var stores = new[] { db.Open(), db.Open() };
        var created = new System.Collections.Concurrent.ConcurrentBag<string>();
        var experimentIds = new System.Collections.Concurrent.ConcurrentBag<string>();

        await Task.WhenAll(stores.SelectMany((store, s) => Enumerable.Range(0, ThreadsPerStore).Select(t => Task.Run(async () =>
        {
            for (var round = 0; round < Rounds; round++)
            {
                // Every writer races to create the same experiment: exactly one creation must win.
                var experiment = await store.ExperimentAsync("shared");
                experimentIds.Add(experiment.ExperimentId);
                var runId = await store.RunAsync(experiment.ExperimentId, $"s{s}-t{t}-r{round}");
                created.Add(runId);
                await store.AppendMetricsAsync(new[] { Point(runId, "acc", round), Point(runId, "acc", round + 1, step: 1) }, Ct);
                await store.LogParamsAsync(runId, new Dictionary<string, string> { ["store"] = s.ToString() }, Ct);
                await store.EndRunAsync(runId, RunStatus.Finished, T0, null, Draft(JournalKinds.RunEnded, "run/" + runId), Ct);
            }
        }, Ct))));

        experimentIds.Distinct().Should().ContainSingle();
        var reader = stores[0];
        var runs = 2 * ThreadsPerStore * Rounds;
        foreach (var runId in created)
        {
            var run = (await reader.GetRunAsync(runId, Ct))!;
            run.Info.Status.Should().Be(RunStatus.Finished);
            run.LatestMetrics["acc"].Step.Should().Be(1);
            (await reader.GetMetricHistoryAsync(runId, "acc", Ct)).Should().HaveCount(2);
        }

        var journal = await reader.ReadJournalAsync(1, 10_000, Ct);
        journal.Should().HaveCount(1 + 2 * runs);
        journal.Count(e => e.Kind == JournalKinds.ExperimentCreated).Should().Be(1);
        (await JournalVerifier.VerifyAsync(stores[1], Ct)).IsValid.Should().BeTrue();
    }
}
