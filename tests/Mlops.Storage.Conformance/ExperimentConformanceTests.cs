using Mlops.Journal;

namespace Mlops.Storage.Conformance;

/// <summary>Experiments: get-or-create, lookups, ordering, validation, timestamps.</summary>
/// <typeparam name="TProvider">The provider under test.</typeparam>
public abstract class ExperimentConformanceTests<TProvider> : StoreConformanceBase<TProvider>
    where TProvider : IStoreConformanceProvider, new()
{
    [Fact]
    public async Task GetOrCreateExperiment_NewName_CreatesItWithTheGivenIdAndJournalsOnce()
    {
        var id = NewId();
        var draft = Draft(JournalKinds.ExperimentCreated, "experiment/penguins");

        var experiment = await Store.GetOrCreateExperimentAsync(id, "penguins", T0, "alice", draft, Ct);

        experiment.Should().Be(new Tracking.Experiment(id, "penguins", T0, "alice"));
        var journal = await ReadAllJournalAsync();
        journal.Should().ContainSingle();
        journal[0].Should().BeEquivalentTo(new { Sequence = 1L, draft.Kind, draft.Subject, draft.Actor, draft.Payload, Timestamp = T0 });
    }

    [Fact]
    public async Task GetOrCreateExperiment_ExistingName_ReturnsTheExistingOneAndWritesNothing()
    {
        var first = await CreateExperimentAsync("penguins");
        var before = await SnapshotAsync();

        var second = await Store.GetOrCreateExperimentAsync(NewId(), "penguins", T0.AddDays(1), "bob",
            Draft(JournalKinds.ExperimentCreated, "experiment/penguins-again"), Ct);

        second.Should().Be(first);
        await ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task GetOrCreateExperiment_NamesAreCaseSensitive()
    {
        var lower = await CreateExperimentAsync("penguins");
        var upper = await CreateExperimentAsync("Penguins");

        upper.ExperimentId.Should().NotBe(lower.ExperimentId);
        (await Store.ListExperimentsAsync(Ct)).Should().HaveCount(2);
        (await ReadAllJournalAsync()).Should().HaveCount(2);
    }

    [Fact]
    public async Task GetExperiment_ByIdAndByName_FindsItOrReturnsNull()
    {
        var experiment = await CreateExperimentAsync("iris");

        (await Store.GetExperimentAsync(experiment.ExperimentId, Ct)).Should().Be(experiment);
        (await Store.GetExperimentByNameAsync("iris", Ct)).Should().Be(experiment);
        (await Store.GetExperimentAsync(NewId(), Ct)).Should().BeNull();
        (await Store.GetExperimentByNameAsync("IRIS", Ct)).Should().BeNull();
        (await Store.GetExperimentByNameAsync("' OR 1=1 --", Ct)).Should().BeNull();
    }

    [Fact]
    public async Task ListExperiments_OrdersByName()
    {
        (await Store.ListExperimentsAsync(Ct)).Should().BeEmpty();
        foreach (var name in new[] { "gamma", "alpha", "delta", "beta" })
        {
            await CreateExperimentAsync(name);
        }

        (await Store.ListExperimentsAsync(Ct)).Select(e => e.Name).Should().Equal("alpha", "beta", "delta", "gamma");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bad\nname")]
    public async Task GetOrCreateExperiment_InvalidName_IsAValidationErrorAndWritesNothing(string name)
    {
        var before = await SnapshotAsync();

        var act = () => Store.GetOrCreateExperimentAsync(NewId(), name, T0, "alice", Draft(JournalKinds.ExperimentCreated, "experiment/x"), Ct);

        await act.Should().ThrowAsync<MlopsValidationException>();
        await ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task GetOrCreateExperiment_TimestampIsKeptToTheMillisecondInUtc()
    {
        var local = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(2)).AddTicks(1_234_567);

        var created = await Store.GetOrCreateExperimentAsync(NewId(), "clock", local, "alice", Draft(JournalKinds.ExperimentCreated, "experiment/clock"), Ct);
        var read = await Store.GetExperimentByNameAsync("clock", Ct);

        var expected = DateTimeOffset.FromUnixTimeMilliseconds(local.ToUnixTimeMilliseconds());
        read!.CreatedAt.Should().Be(expected);
        read.CreatedAt.Offset.Should().Be(TimeSpan.Zero);
        created.CreatedAt.Should().Be(expected);
    }
}
