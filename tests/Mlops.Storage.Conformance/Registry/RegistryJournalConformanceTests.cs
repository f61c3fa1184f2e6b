using Mlops.Journal;
using Mlops.Registry;

namespace Mlops.Storage.Conformance.Registry;

/// <summary>
/// The journal of the registry: every registry mutation appends its entry (kind, subject, payload as drafted) in the
/// same chain as tracking entries; non-journaled changes and failed calls append nothing; the chain verifies and
/// tampering with a registry entry is detected.
/// </summary>
/// <typeparam name="TProvider">The provider under test.</typeparam>
public abstract class RegistryJournalConformanceTests<TProvider> : RegistryConformanceBase<TProvider>
    where TProvider : IStoreConformanceProvider, new()
{
    private async Task RunEveryMutationAsync()
    {
        await CreateExperimentAsync("tracking");
        await CreateModelAsync("penguins");
        await RegisterAsync("penguins");
        await RegisterAsync("penguins");
        await SetAliasAsync("penguins", "champion", 1, null);
        await SetAliasAsync("penguins", "champion", 2, 1);
        await Registry.SetModelVersionStatusAsync("penguins", 1, ModelVersionStatus.Archived, Draft(JournalKinds.ModelVersionStatusChanged, "model/penguins/1"), Ct);
        await Registry.SetModelVersionStatusAsync("penguins", 1, ModelVersionStatus.Ready, Draft(JournalKinds.ModelVersionStatusChanged, "model/penguins/1"), Ct);
        await Registry.DeleteModelVersionAsync("penguins", 1, Draft(JournalKinds.ModelVersionDeleted, "model/penguins/1"), Ct);
        await DeleteAliasAsync("penguins", "champion", 2);
        await Registry.RenameRegisteredModelAsync("penguins", "birds", T0.AddHours(1), Draft(JournalKinds.ModelRenamed, "model/birds"), Ct);
        await Registry.GetOrCreateRegisteredModelAsync("iris", T0, "alice", Draft(JournalKinds.ModelCreated, "model/iris"), Ct);
    }

    [Fact]
    public async Task EveryRegistryMutation_AppendsItsEntryInOneContiguousChainThatVerifies()
    {
        await RunEveryMutationAsync();

        var journal = await ShouldVerifyAsync();

        journal.Select(e => (e.Sequence, e.Kind, e.Subject)).Should().Equal(
            (1L, JournalKinds.ExperimentCreated, "experiment/tracking"),
            (2L, JournalKinds.ModelCreated, "model/penguins"),
            (3L, JournalKinds.ModelVersionRegistered, "model/penguins/1"),
            (4L, JournalKinds.ModelVersionRegistered, "model/penguins/2"),
            (5L, JournalKinds.ModelAliasSet, "model/penguins@champion"),
            (6L, JournalKinds.ModelAliasSet, "model/penguins@champion"),
            (7L, JournalKinds.ModelVersionStatusChanged, "model/penguins/1"),
            (8L, JournalKinds.ModelVersionStatusChanged, "model/penguins/1"),
            (9L, JournalKinds.ModelVersionDeleted, "model/penguins/1"),
            (10L, JournalKinds.ModelAliasDeleted, "model/penguins@champion"),
            (11L, JournalKinds.ModelRenamed, "model/birds"),
            (12L, JournalKinds.ModelCreated, "model/iris"));
        journal.Should().OnlyContain(e => e.Actor == Actor);
        journal[2].Payload.Should().Be(JournalPayload.Create(("name", "penguins"), ("version", 1), ("note", null)));
        (await Store.GetJournalHeadAsync(Ct)).Should().Be(new JournalHead(12, journal[^1].Hash));
    }

    [Fact]
    public async Task NonJournaledRegistryChanges_AppendNothing()
    {
        await CreateModelAsync("penguins", tags: Tags(("a", "1")));
        await RegisterAsync("penguins", tags: Tags(("b", "2")));
        var head = await Store.GetJournalHeadAsync(Ct);

        await Registry.UpdateRegisteredModelAsync("penguins", "described", T0.AddHours(1), Ct);
        await Registry.SetRegisteredModelTagsAsync("penguins", Tags(("a", "changed"), ("c", "3")), Ct);
        await Registry.DeleteRegisteredModelTagAsync("penguins", "c", Ct);
        await Registry.UpdateModelVersionAsync("penguins", 1, "described", Ct);
        await Registry.SetModelVersionTagsAsync("penguins", 1, Tags(("b", "changed")), Ct);
        await Registry.DeleteModelVersionTagAsync("penguins", 1, "b", Ct);
        await Registry.SetModelVersionStatusAsync("penguins", 1, ModelVersionStatus.Ready, Draft(JournalKinds.ModelVersionStatusChanged, "model/penguins/1"), Ct);
        await Registry.GetOrCreateRegisteredModelAsync("penguins", T0, "bob", Draft(JournalKinds.ModelCreated, "model/penguins"), Ct);
        await Registry.GetRegisteredModelAsync("penguins", Ct);
        await AllModelNamesAsync();

        (await Store.GetJournalHeadAsync(Ct)).Should().Be(head);
        await ShouldVerifyAsync();
    }

    [Fact]
    public async Task FailedRegistryCalls_AppendNothing()
    {
        await CreateModelAsync("penguins");
        await CreateModelAsync("iris");
        await RegisterAsync("penguins");
        await SetAliasAsync("penguins", "champion", 1, null);
        var before = await SnapshotModelsAsync("penguins", "iris", "absent");

        Func<Task>[] failing =
        [
            () => CreateModelAsync("iris"),
            () => CreateModelAsync("bad/name"),
            () => Registry.RenameRegisteredModelAsync("penguins", "iris", T0, Draft(JournalKinds.ModelRenamed, "model/iris"), Ct),
            () => Registry.RenameRegisteredModelAsync("absent", "other", T0, Draft(JournalKinds.ModelRenamed, "model/other"), Ct),
            () => RegisterAsync("absent"),
            () => RegisterAsync("penguins", NewId()),
            () => RegisterAsync("penguins", digest: "ABC"),
            () => Registry.SetModelVersionStatusAsync("penguins", 9, ModelVersionStatus.Archived, Draft(JournalKinds.ModelVersionStatusChanged, "model/penguins/9"), Ct),
            () => Registry.DeleteModelVersionAsync("penguins", 1, Draft(JournalKinds.ModelVersionDeleted, "model/penguins/1"), Ct),
            () => Registry.DeleteModelVersionAsync("penguins", 9, Draft(JournalKinds.ModelVersionDeleted, "model/penguins/9"), Ct),
            () => SetAliasAsync("penguins", "latest", 1, null),
            () => SetAliasAsync("penguins", "champion", 1, null),
            () => SetAliasAsync("penguins", "challenger", 9, null),
            () => DeleteAliasAsync("penguins", "challenger", null),
            () => DeleteAliasAsync("penguins", "champion", 2),
        ];

        for (var i = 0; i < failing.Length; i++)
        {
            await failing[i].Should().ThrowAsync<MlopsException>("call {0} must fail", i);
        }

        await ShouldBeUnchangedAsync(before);
        await ShouldVerifyAsync();
    }

    [Fact]
    public async Task TamperingWithARegistryEntry_IsDetected()
    {
        await RunEveryMutationAsync();
        await TamperJournalPayloadAsync(Store, 6, JournalPayload.Create(("alias", "champion"), ("old", 1), ("new", 1)), Ct);

        var result = await JournalVerifier.VerifyAsync(Store, Ct);

        result.IsValid.Should().BeFalse();
        result.FirstBrokenSequence.Should().Be(6);
        result.Problem.Should().Contain(JournalKinds.ModelAliasSet);
    }

    [Fact]
    public async Task DeletingTheLastRegistryEntry_IsDetected()
    {
        await RunEveryMutationAsync();
        await DeleteJournalEntryAsync(Store, 12, Ct);

        var result = await JournalVerifier.VerifyAsync(Store, Ct);

        result.IsValid.Should().BeFalse();
        result.FirstBrokenSequence.Should().Be(12);
    }

    [Fact]
    public async Task RegistryAndTrackingMutations_FromTwoInstances_ShareOneChain()
    {
        var second = await OpenSecondAsync();
        await CreateModelAsync("penguins");
        var experiment = await CreateExperimentAsync("shared", second);
        await RegisterAsync("penguins", store: second);
        await CreateRunAsync(experiment.ExperimentId);
        await RegisterAsync("penguins");
        await SetAliasAsync("penguins", "champion", 2, null, second);

        var journal = await ShouldVerifyAsync();
        journal.Select(e => e.Kind).Should().Equal(
            JournalKinds.ModelCreated, JournalKinds.ExperimentCreated, JournalKinds.ModelVersionRegistered, JournalKinds.RunCreated,
            JournalKinds.ModelVersionRegistered, JournalKinds.ModelAliasSet);
        (await ReadAllJournalAsync(second)).Should().Equal(journal);
    }
}
