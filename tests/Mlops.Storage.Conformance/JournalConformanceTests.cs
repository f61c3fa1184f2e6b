using Mlops.Journal;
using Mlops.Tracking;

namespace Mlops.Storage.Conformance;

/// <summary>The journal: sealing, contiguity, the head record, reading, and detection of tampering and deletion.</summary>
/// <typeparam name="TProvider">The provider under test.</typeparam>
public abstract class JournalConformanceTests<TProvider> : StoreConformanceBase<TProvider>
    where TProvider : IStoreConformanceProvider, new()
{
    private async Task<IReadOnlyList<JournalEntry>> AppendManyAsync(int count)
    {
        var entries = new List<JournalEntry>();
        for (var i = 0; i < count; i++)
        {
            entries.Add(await Store.AppendJournalAsync(Draft("test.event", $"thing/{i}", T0.AddSeconds(i)), Ct));
        }

        return entries;
    }

    private async Task<JournalVerificationResult> VerifyAsync(IMlopsStore? store = null) =>
        await JournalVerifier.VerifyAsync(store ?? Store, Ct);

    [Fact]
    public async Task EmptyJournal_HasNoHeadNoEntriesAndVerifies()
    {
        (await Store.GetJournalHeadAsync(Ct)).Should().BeNull();
        (await ReadAllJournalAsync()).Should().BeEmpty();
        var result = await VerifyAsync();
        result.IsValid.Should().BeTrue();
        result.EntriesChecked.Should().Be(0);
    }

    [Fact]
    public async Task AppendJournal_SealsWithContiguousSequencesAndChainedHashes()
    {
        var payload = JournalPayload.Create(("text", "ünïcødé \"quoted\" \n"), ("n", 42), ("big", new string('x', 10_000)));
        var draft = new JournalDraft("model.promoted", "model/house-price", "bob", T0.AddTicks(9_999), payload);

        var first = await Store.AppendJournalAsync(draft, Ct);
        var second = await Store.AppendJournalAsync(draft with { Subject = "model/other" }, Ct);

        first.Should().Be(JournalChain.Seal(draft, 1, JournalChain.GenesisHash));
        first.Timestamp.Should().Be(T0);
        first.Timestamp.Offset.Should().Be(TimeSpan.Zero);
        second.Should().Be(JournalChain.Seal(draft with { Subject = "model/other" }, 2, first.Hash));
        (await ReadAllJournalAsync()).Should().Equal(first, second);
        (await Store.GetJournalHeadAsync(Ct)).Should().Be(new JournalHead(2, second.Hash));
    }

    [Fact]
    public async Task Mutations_AppendTheirEntriesInOneContiguousChainThatVerifies()
    {
        var experiment = await CreateExperimentAsync("journaled");
        var runId = await CreateRunAsync(experiment.ExperimentId);
        await Store.AppendJournalAsync(Draft("custom.event", "thing/1"), Ct);
        await Store.LogParamsAsync(runId, new Dictionary<string, string> { ["p"] = "1" }, Ct);
        await Store.SetTagsAsync(runId, new Dictionary<string, string> { ["t"] = "1" }, Ct);
        await Store.AppendMetricsAsync(new[] { Point(runId, "m", 1) }, Ct);
        await Store.AddRunArtifactAsync(runId, new RunArtifact("a.txt", new string('a', 64), 1), Ct);
        await Store.LogDatasetInputAsync(runId, new DatasetInput("d", new string('b', 64), "src", null, null, "training"), Ct);
        await EndRunAsync(runId, RunStatus.Finished, T0.AddMinutes(1));

        var journal = await ReadAllJournalAsync();

        journal.Select(e => (e.Sequence, e.Kind, e.Subject)).Should().Equal(
            (1L, JournalKinds.ExperimentCreated, "experiment/journaled"),
            (2L, JournalKinds.RunCreated, $"run/{runId}"),
            (3L, "custom.event", "thing/1"),
            (4L, JournalKinds.RunEnded, $"run/{runId}"));
        journal.Should().OnlyContain(e => e.Actor == Actor);
        var result = await VerifyAsync();
        result.IsValid.Should().BeTrue();
        result.EntriesChecked.Should().Be(4);
        result.Head.Should().Be(new JournalHead(4, journal[^1].Hash));
        (await Store.GetJournalHeadAsync(Ct)).Should().Be(result.Head);
    }

    [Fact]
    public async Task FailedMutations_AppendNothing()
    {
        var experiment = await CreateExperimentAsync("e");
        var runId = await CreateRunAsync(experiment.ExperimentId);
        await EndRunAsync(runId, RunStatus.Finished, T0.AddMinutes(1));
        var head = await Store.GetJournalHeadAsync(Ct);

        await FluentActions.Awaiting(() => CreateRunAsync(NewId())).Should().ThrowAsync<MlopsNotFoundException>();
        await FluentActions.Awaiting(() => CreateRunAsync(experiment.ExperimentId, runId: runId)).Should().ThrowAsync<MlopsConflictException>();
        await FluentActions.Awaiting(() => EndRunAsync(runId, RunStatus.Killed, T0)).Should().ThrowAsync<MlopsConflictException>();
        await FluentActions.Awaiting(() => EndRunAsync(NewId(), RunStatus.Killed, T0)).Should().ThrowAsync<MlopsNotFoundException>();
        await CreateExperimentAsync("e");

        (await Store.GetJournalHeadAsync(Ct)).Should().Be(head);
        (await ReadAllJournalAsync()).Should().HaveCount(3);
        (await VerifyAsync()).IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task ReadJournal_HonoursFromAndMax()
    {
        var entries = await AppendManyAsync(6);

        (await Store.ReadJournalAsync(3, 2, Ct)).Should().Equal(entries[2], entries[3]);
        (await Store.ReadJournalAsync(5, 100, Ct)).Should().Equal(entries[4], entries[5]);
        (await Store.ReadJournalAsync(1, 1, Ct)).Should().Equal(entries[0]);
        (await Store.ReadJournalAsync(7, 10, Ct)).Should().BeEmpty();
        (await Store.ReadJournalAsync(1, 1000, Ct)).Should().Equal(entries);
    }

    [Fact]
    public async Task Journal_IsSharedWithASecondInstance()
    {
        var entries = await AppendManyAsync(3);
        var second = await OpenSecondAsync();

        var appended = await second.AppendJournalAsync(Draft("test.event", "from/second"), Ct);

        appended.Sequence.Should().Be(4);
        appended.PreviousHash.Should().Be(entries[^1].Hash);
        (await ReadAllJournalAsync()).Should().Equal([.. entries, appended]);
        (await Store.GetJournalHeadAsync(Ct)).Should().Be(new JournalHead(4, appended.Hash));
        (await VerifyAsync(second)).IsValid.Should().BeTrue();
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    [InlineData(5)]
    public async Task TamperedPayload_IsDetectedNamingThatSequence(long sequence)
    {
        await AppendManyAsync(5);

        await TamperJournalPayloadAsync(Store, sequence, "{\"subject\":\"forged\"}", Ct);

        var result = await VerifyAsync();
        result.IsValid.Should().BeFalse();
        result.FirstBrokenSequence.Should().Be(sequence);
        result.Problem.Should().Contain(sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await Store.ReadJournalAsync(sequence, 1, Ct))[0].Payload.Should().Be("{\"subject\":\"forged\"}");
    }

    [Fact]
    public async Task DeletedMiddleEntry_IsDetectedNamingTheMissingSequence()
    {
        await AppendManyAsync(5);

        await DeleteJournalEntryAsync(Store, 3, Ct);

        var result = await VerifyAsync();
        result.IsValid.Should().BeFalse();
        result.FirstBrokenSequence.Should().Be(3);
        result.Problem.Should().Contain("3");
        result.EntriesChecked.Should().Be(2);
    }

    [Fact]
    public async Task DeletedLastEntry_IsDetectedThroughTheHead()
    {
        var entries = await AppendManyAsync(5);

        await DeleteJournalEntryAsync(Store, 5, Ct);

        (await Store.GetJournalHeadAsync(Ct)).Should().Be(new JournalHead(5, entries[^1].Hash), "the head record is kept beside the entries");
        var result = await VerifyAsync();
        result.IsValid.Should().BeFalse();
        result.FirstBrokenSequence.Should().Be(5);
        result.Problem.Should().Contain("5");
    }

    [Fact]
    public async Task DeletedFirstEntry_IsDetected()
    {
        await AppendManyAsync(3);

        await DeleteJournalEntryAsync(Store, 1, Ct);

        var result = await VerifyAsync();
        result.IsValid.Should().BeFalse();
        result.FirstBrokenSequence.Should().Be(1);
    }
}
