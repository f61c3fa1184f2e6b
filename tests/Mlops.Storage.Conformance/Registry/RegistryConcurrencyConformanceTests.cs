using System.Text.Json;
using Mlops.Journal;
using Mlops.Registry;

namespace Mlops.Storage.Conformance.Registry;

/// <summary>
/// Registry concurrency, through one store object and through two on the same database: racing get-or-create and
/// create, 16 concurrent registrations numbered 1..16 exactly once (each journal entry built from its own number), and
/// racing alias moves with the same expectation (exactly one wins). Outcomes only; no sleeps, no timing.
/// </summary>
/// <typeparam name="TProvider">The provider under test.</typeparam>
public abstract class RegistryConcurrencyConformanceTests<TProvider> : RegistryConformanceBase<TProvider>
    where TProvider : IStoreConformanceProvider, new()
{
    private const int Racers = 16;

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

    /// <summary>Runs an action and returns its error (null on success), so a race can count winners and losers.</summary>
    private static async Task<Exception?> TryAsync(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (MlopsException e)
        {
            return e;
        }
    }

    private async Task<IRegistryStore[]> StoresAsync(bool twoInstances) =>
        twoInstances ? [Registry, RegistryOf(await OpenSecondAsync())] : [Registry];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetOrCreateRegisteredModel_16ConcurrentCallers_GetOneModelAndOneJournalEntry(bool twoInstances)
    {
        var stores = await StoresAsync(twoInstances);

        var results = await RaceAsync(Racers, i => stores[i % stores.Length].GetOrCreateRegisteredModelAsync(
            "raced", T0.AddSeconds(i), $"caller-{i}", Draft(JournalKinds.ModelCreated, "model/raced", T0.AddSeconds(i)), Ct));

        results.Select(m => (m.CreatedAt, m.CreatedBy)).Distinct().Should().ContainSingle("every caller gets the one model");
        (await AllModelNamesAsync()).Should().Equal("raced");
        (await GetModelAsync("raced")).Should().BeEquivalentTo(results[0]);
        var journal = await ShouldVerifyAsync();
        journal.Should().ContainSingle().Which.Kind.Should().Be(JournalKinds.ModelCreated);
        journal[0].Timestamp.Should().Be(results[0].CreatedAt, "the winner's draft is the one appended");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CreateRegisteredModel_16ConcurrentCallers_OneWinsTheRestConflict(bool twoInstances)
    {
        var stores = await StoresAsync(twoInstances);

        var errors = await RaceAsync(Racers, i => TryAsync(() => stores[i % stores.Length].CreateRegisteredModelAsync(
            "raced", $"by {i}", NoTags, T0, $"caller-{i}", Draft(JournalKinds.ModelCreated, "model/raced"), Ct)));

        errors.Count(e => e is null).Should().Be(1);
        errors.Where(e => e is not null).Should().AllBeOfType<MlopsConflictException>();
        var journal = await ShouldVerifyAsync();
        journal.Should().ContainSingle().Which.Kind.Should().Be(JournalKinds.ModelCreated);
        var winner = Array.FindIndex(errors, e => e is null);
        (await GetModelAsync("raced")).Description.Should().Be($"by {winner}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CreateModelVersion_16ConcurrentRegistrations_AreNumbered1To16ExactlyOnce(bool twoInstances)
    {
        var stores = await StoresAsync(twoInstances);
        await CreateModelAsync("raced");

        var versions = await RaceAsync(Racers, i => stores[i % stores.Length].CreateModelVersionAsync(
            NewVersion("raced", tags: Tags(("racer", $"{i}")), digest: Digest(i)), VersionDraft("raced", note: $"{i}"), Ct));

        versions.Select(v => v.Version).Should().BeEquivalentTo(Enumerable.Range(1, Racers));
        var listed = await Registry.ListModelVersionsAsync("raced", Ct);
        listed.Select(v => v.Version).Should().Equal(Enumerable.Range(1, Racers));
        listed.Should().BeEquivalentTo(versions, "what each registration returned is what was stored");
        listed.Select(v => v.Tags["racer"]).Should().OnlyHaveUniqueItems();
        (await GetModelAsync("raced")).LatestVersion.Should().Be(Racers);

        var journal = await ShouldVerifyAsync();
        var registered = journal.Where(e => e.Kind == JournalKinds.ModelVersionRegistered).ToList();
        registered.Should().HaveCount(Racers);
        registered.Select(e => e.Subject).Should().BeEquivalentTo(Enumerable.Range(1, Racers).Select(n => VersionSubject("raced", n)));
        foreach (var entry in registered)
        {
            // Each entry was built by its own registration's factory from the number that registration got.
            using var payload = JsonDocument.Parse(entry.Payload);
            var number = payload.RootElement.GetProperty("version").GetInt32();
            var racer = payload.RootElement.GetProperty("note").GetString();
            entry.Subject.Should().Be(VersionSubject("raced", number));
            listed.Single(v => v.Version == number).Tags["racer"].Should().Be(racer);
        }

        (await RegisterAsync("raced")).Version.Should().Be(Racers + 1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CreateModelVersion_ConcurrentRegistrationsOfSeveralModels_NumberEachModelWithoutGaps(bool twoInstances)
    {
        var stores = await StoresAsync(twoInstances);
        string[] names = ["a", "b", "c", "d"];
        foreach (var name in names)
        {
            await CreateModelAsync(name);
        }

        await RaceAsync(Racers, async i =>
        {
            var name = names[i % names.Length];
            var version = await stores[i % stores.Length].CreateModelVersionAsync(NewVersion(name), VersionDraft(name), Ct);
            await SetAliasIgnoringConflictsAsync(stores[(i + 1) % stores.Length], name, version.Version);
            return version.Version;
        });

        foreach (var name in names)
        {
            (await Registry.ListModelVersionsAsync(name, Ct)).Select(v => v.Version).Should().Equal(1, 2, 3, 4);
            (await GetModelAsync(name)).Aliases.Should().Contain("newest", 4, "every racer moves the alias forward only");
        }

        var journal = await ShouldVerifyAsync();
        journal.Count(e => e.Kind == JournalKinds.ModelVersionRegistered).Should().Be(Racers);
        journal.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, journal.Count).Select(i => (long)i));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SetAlias_16ConcurrentMovesWithTheSameExpectation_ExactlyOneWins(bool twoInstances)
    {
        var stores = await StoresAsync(twoInstances);
        await CreateModelAsync("raced");
        for (var i = 0; i < Racers; i++)
        {
            await RegisterAsync("raced");
        }

        await SetAliasAsync("raced", "champion", 1, null);
        var head = (await Store.GetJournalHeadAsync(Ct))!.Sequence;

        var errors = await RaceAsync(Racers - 1, i => TryAsync(() => stores[i % stores.Length].SetAliasAsync(
            "raced", "champion", i + 2, 1, Draft(JournalKinds.ModelAliasSet, AliasSubject("raced", "champion"),
                payload: JournalPayload.Create(("new", i + 2))), Ct)));

        errors.Count(e => e is null).Should().Be(1, "only the first move still sees version 1");
        errors.Where(e => e is not null).Should().AllBeOfType<MlopsConflictException>();
        var winner = Array.FindIndex(errors, e => e is null) + 2;
        (await Registry.GetAliasAsync("raced", "champion", Ct)).Should().Be(winner);
        (await GetVersionAsync("raced", winner)).Aliases.Should().Equal("champion");
        var journal = await ShouldVerifyAsync();
        journal.Should().HaveCount((int)head + 1);
        journal[^1].Payload.Should().Be(JournalPayload.Create(("new", winner)));
    }

    private static async Task SetAliasIgnoringConflictsAsync(IRegistryStore store, string name, int version)
    {
        // Move "newest" to this version if nobody moved it in between (read, then conditional move).
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var current = await store.GetAliasAsync(name, "newest", Ct);
            if (current >= version)
            {
                return;
            }

            var error = await TryAsync(() => store.SetAliasAsync(name, "newest", version, current,
                Draft(JournalKinds.ModelAliasSet, AliasSubject(name, "newest")), Ct));
            if (error is null)
            {
                return;
            }

            error.Should().BeOfType<MlopsConflictException>();
        }

        throw new InvalidOperationException("The alias never settled.");
    }
}
