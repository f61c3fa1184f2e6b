using Mlops.Journal;
using Mlops.Registry;
using Mlops.Storage.Sqlite.Tests.TestSupport;
using static Mlops.Storage.Sqlite.Tests.TestSupport.StoreData;

namespace Mlops.Storage.Sqlite.Tests;

public sealed class RegistryConcurrencyTests
{
    [Fact]
    public async Task SixteenThreads_RegisteringVersionsOfOneModel_GetOneToNExactlyOnce()
    {
        const int Threads = 16;
        const int Rounds = 10;
        await using var db = new TestDatabase();
        var store = await db.OpenInitializedAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var workers = Enumerable.Range(0, Threads).Select(thread => Task.Run(async () =>
        {
            await gate.Task;
            var numbers = new List<int>();
            for (var round = 0; round < Rounds; round++)
            {
                await store.GetOrCreateRegisteredModelAsync("shared", T0, "alice", Draft(JournalKinds.ModelCreated, "model/shared"), Ct);
                numbers.Add((await store.VersionAsync("shared", tags: new Dictionary<string, string> { ["thread"] = $"{thread}" })).Version);
            }

            return numbers;
        }, Ct)).ToArray();
        gate.SetResult();
        var assigned = (await Task.WhenAll(workers)).SelectMany(n => n).ToList();

        const int Total = Threads * Rounds;
        assigned.Should().BeEquivalentTo(Enumerable.Range(1, Total));
        await AssertVersionsOneToNAsync(store, "shared", Total);
    }

    [Fact]
    public async Task TwoStoreInstancesOnOneFile_RegisteringVersionsConcurrently_GetOneToNExactlyOnce()
    {
        const int ThreadsPerStore = 6;
        const int Rounds = 10;
        await using var db = new TestDatabase();
        var stores = new[] { db.Open(), db.Open() };
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var workers = stores.SelectMany((store, s) => Enumerable.Range(0, ThreadsPerStore).Select(t => Task.Run(async () =>
        {
            await gate.Task;
            var numbers = new List<int>();
            for (var round = 0; round < Rounds; round++)
            {
                // Every writer races to create the model too: exactly one model.created entry must result.
                await store.GetOrCreateRegisteredModelAsync("shared", T0, $"store{s}", Draft(JournalKinds.ModelCreated, "model/shared"), Ct);
                numbers.Add((await store.VersionAsync("shared")).Version);
            }

            return numbers;
        }, Ct))).ToArray();
        gate.SetResult();
        var assigned = (await Task.WhenAll(workers)).SelectMany(n => n).ToList();

        const int Total = 2 * ThreadsPerStore * Rounds;
        assigned.Should().BeEquivalentTo(Enumerable.Range(1, Total));
        await AssertVersionsOneToNAsync(stores[1], "shared", Total);
    }

    /// <summary>Versions 1..N each once, LatestVersion N, one model.created, one registration entry per number, chain valid.</summary>
    internal static async Task AssertVersionsOneToNAsync(IMlopsStore store, string model, int total)
    {
        var versions = await store.ListModelVersionsAsync(model, Ct);
        versions.Select(v => v.Version).Should().Equal(Enumerable.Range(1, total));
        versions.Should().OnlyContain(v => v.Status == ModelVersionStatus.Ready && v.ModelName == model);
        (await store.GetRegisteredModelAsync(model, Ct))!.LatestVersion.Should().Be(total);

        var journal = await store.ReadJournalAsync(1, 100_000, Ct);
        journal.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, journal.Count).Select(i => (long)i));
        journal.Count(e => e.Kind == JournalKinds.ModelCreated).Should().Be(1);
        journal.Where(e => e.Kind == JournalKinds.ModelVersionRegistered).Select(e => e.Subject)
            .Should().BeEquivalentTo(Enumerable.Range(1, total).Select(n => $"model/{model}/{n}"),
                "each registration's journal entry names the number it was assigned, in the same transaction");
        (await JournalVerifier.VerifyAsync(store, Ct)).IsValid.Should().BeTrue();
    }
}
