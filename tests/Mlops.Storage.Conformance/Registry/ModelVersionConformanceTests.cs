using Mlops.Journal;
using Mlops.Registry;

namespace Mlops.Storage.Conformance.Registry;

/// <summary>
/// Model versions: registration (numbering 1..N, never reused, journal built from the assigned number), every
/// NotFound/Validation case writing nothing, description and tags, archive/restore, deletion (refused while aliased).
/// </summary>
/// <typeparam name="TProvider">The provider under test.</typeparam>
public abstract class ModelVersionConformanceTests<TProvider> : RegistryConformanceBase<TProvider>
    where TProvider : IStoreConformanceProvider, new()
{
    private const string Signature = "{\"inputs\":[{\"name\":\"bill\",\"type\":\"Single\"}],\"outputs\":[{\"name\":\"Score\",\"type\":\"Single\"}]}";

    [Fact]
    public async Task CreateModelVersion_First_IsVersion1WithEveryFieldAndReady()
    {
        var runId = await NewRunAsync();
        await CreateModelAsync("penguins");
        var tags = Tags(("stage", "candidate"), ("with space", "it's"));
        var request = NewVersion("penguins", runId, tags, T0.AddHours(1), Digest(42), "onnx", "first cut", Signature, "bob");

        var created = await Registry.CreateModelVersionAsync(request, VersionDraft("penguins"), Ct);

        var expected = new ModelVersion("penguins", 1, "onnx", Digest(42), 1234, Signature, runId, $"runs:/{runId}/model", "first cut",
            tags, ModelVersionStatus.Ready, T0.AddHours(1), "bob", []);
        created.Should().BeEquivalentTo(expected);
        (await GetVersionAsync("penguins", 1)).Should().BeEquivalentTo(expected);
        created.Uri.Should().Be("models:/penguins/1");
        var model = await GetModelAsync("penguins");
        model.LatestVersion.Should().Be(1);
        model.UpdatedAt.Should().BeAfter(T0, "registering a version updates the model");
    }

    [Fact]
    public async Task CreateModelVersion_WithoutRunOrOptionalFields_RoundTripsNulls()
    {
        await CreateModelAsync("direct");

        var created = await Registry.CreateModelVersionAsync(NewVersion("direct"), VersionDraft("direct"), Ct);

        var read = await GetVersionAsync("direct", 1);
        read.Should().BeEquivalentTo(created);
        read.RunId.Should().BeNull();
        read.Signature.Should().BeNull();
        read.Description.Should().BeNull();
        read.Tags.Should().BeEmpty();
        read.Aliases.Should().BeEmpty();
        read.Source.Should().Be("stream");
    }

    [Fact]
    public async Task CreateModelVersion_CallsTheJournalFactoryWithTheAssignedNumberAndAppendsItsEntry()
    {
        await CreateModelAsync("penguins");
        var seen = new List<int>();

        for (var i = 0; i < 3; i++)
        {
            await Registry.CreateModelVersionAsync(NewVersion("penguins", createdAt: T0.AddMinutes(i)), number =>
            {
                seen.Add(number);
                return Draft(JournalKinds.ModelVersionRegistered, VersionSubject("penguins", number), T0.AddMinutes(i),
                    JournalPayload.Create(("version", number)));
            }, Ct);
        }

        seen.Distinct().Should().Equal(1, 2, 3);
        var journal = await ShouldVerifyAsync();
        journal.Select(e => (e.Sequence, e.Kind, e.Subject)).Should().Equal(
            (1L, JournalKinds.ModelCreated, "model/penguins"),
            (2L, JournalKinds.ModelVersionRegistered, "model/penguins/1"),
            (3L, JournalKinds.ModelVersionRegistered, "model/penguins/2"),
            (4L, JournalKinds.ModelVersionRegistered, "model/penguins/3"));
        journal[3].Payload.Should().Be(JournalPayload.Create(("version", 3)));
        journal[3].Timestamp.Should().Be(T0.AddMinutes(2));
    }

    [Fact]
    public async Task CreateModelVersion_NumbersEachModelFrom1WithoutGapsAndListsByNumber()
    {
        await CreateModelAsync("a");
        await CreateModelAsync("b");

        var numbers = new List<(string, int)>();
        foreach (var name in new[] { "a", "b", "a", "a", "b" })
        {
            numbers.Add((name, (await RegisterAsync(name)).Version));
        }

        numbers.Should().Equal(("a", 1), ("b", 1), ("a", 2), ("a", 3), ("b", 2));
        (await Registry.ListModelVersionsAsync("a", Ct)).Select(v => v.Version).Should().Equal(1, 2, 3);
        (await Registry.ListModelVersionsAsync("b", Ct)).Select(v => v.Version).Should().Equal(1, 2);
        (await GetModelAsync("a")).LatestVersion.Should().Be(3);
        (await GetModelAsync("b")).LatestVersion.Should().Be(2);
    }

    [Fact]
    public async Task CreateModelVersion_AfterDeletingTheLatest_DoesNotReuseItsNumber()
    {
        await CreateModelAsync("penguins");
        for (var i = 0; i < 3; i++)
        {
            await RegisterAsync("penguins");
        }

        await Registry.DeleteModelVersionAsync("penguins", 3, Draft(JournalKinds.ModelVersionDeleted, VersionSubject("penguins", 3)), Ct);
        (await GetModelAsync("penguins")).LatestVersion.Should().Be(3, "the model keeps its latest number after a delete");
        var next = await RegisterAsync("penguins");

        next.Version.Should().Be(4);
        (await Registry.ListModelVersionsAsync("penguins", Ct)).Select(v => v.Version).Should().Equal(1, 2, 4);
        (await Registry.GetModelVersionAsync("penguins", 3, Ct)).Should().BeNull();
        (await GetModelAsync("penguins")).LatestVersion.Should().Be(4);
    }

    [Fact]
    public async Task CreateModelVersion_UnknownModel_IsNotFoundAndWritesNothing()
    {
        await CreateModelAsync("present");
        var before = await SnapshotModelsAsync("present", "absent");

        var act = () => RegisterAsync("absent");

        var error = (await act.Should().ThrowAsync<MlopsNotFoundException>()).Which;
        error.EntityKind.Should().Be("registered model");
        error.Identifier.Should().Be("absent");
        await ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task CreateModelVersion_UnknownRun_IsNotFoundAndWritesNothingNorConsumesANumber()
    {
        await CreateModelAsync("penguins");
        await NewRunAsync();
        var missing = NewId();
        var before = await SnapshotModelsAsync("penguins");

        var act = () => RegisterAsync("penguins", missing);

        var error = (await act.Should().ThrowAsync<MlopsNotFoundException>()).Which;
        error.EntityKind.Should().Be("run");
        error.Identifier.Should().Be(missing);
        await ShouldBeUnchangedAsync(before);
        (await RegisterAsync("penguins")).Version.Should().Be(1, "a failed registration does not consume a number");
    }

    [Theory]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("g000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("' OR 1=1 --")]
    public async Task CreateModelVersion_InvalidDigest_IsAValidationErrorAndWritesNothing(string digest)
    {
        await CreateModelAsync("penguins");
        var before = await SnapshotModelsAsync("penguins");

        var act = () => RegisterAsync("penguins", digest: digest);

        await act.Should().ThrowAsync<MlopsValidationException>();
        await ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task CreateModelVersion_EmptyFlavor_IsAValidationErrorAndWritesNothing()
    {
        await CreateModelAsync("penguins");
        var before = await SnapshotModelsAsync("penguins");

        var act = () => Registry.CreateModelVersionAsync(NewVersion("penguins", flavor: ""), VersionDraft("penguins"), Ct);

        await act.Should().ThrowAsync<MlopsValidationException>();
        await ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task ModelVersionDescription_OverTheLimit_IsAValidationErrorAndWritesNothing()
    {
        var longest = new string('d', 5000);
        await CreateModelAsync("penguins");
        await Registry.CreateModelVersionAsync(NewVersion("penguins", description: longest), VersionDraft("penguins"), Ct);
        (await GetVersionAsync("penguins", 1)).Description.Should().Be(longest);
        var before = await SnapshotModelsAsync("penguins");

        var register = () => Registry.CreateModelVersionAsync(NewVersion("penguins", description: longest + "d"), VersionDraft("penguins"), Ct);
        var update = () => Registry.UpdateModelVersionAsync("penguins", 1, longest + "d", Ct);

        await register.Should().ThrowAsync<MlopsValidationException>();
        await update.Should().ThrowAsync<MlopsValidationException>();
        await ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData("bad;key", "v")]
    [InlineData("/leading", "v")]
    [InlineData("", "v")]
    [InlineData("ok", null)]
    public async Task CreateModelVersion_InvalidTag_IsAValidationErrorAndWritesNothing(string key, string? value)
    {
        await CreateModelAsync("penguins");
        var before = await SnapshotModelsAsync("penguins");

        var act = () => RegisterAsync("penguins", tags: Tags(("fine", "yes"), (key, value!)));

        await act.Should().ThrowAsync<MlopsValidationException>();
        await ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task GetModelVersion_Absent_ReturnsNull()
    {
        await CreateModelAsync("penguins");
        await RegisterAsync("penguins");

        (await Registry.GetModelVersionAsync("penguins", 2, Ct)).Should().BeNull();
        (await Registry.GetModelVersionAsync("penguins", 0, Ct)).Should().BeNull();
        (await Registry.GetModelVersionAsync("penguins", -1, Ct)).Should().BeNull();
        (await Registry.GetModelVersionAsync("Penguins", 1, Ct)).Should().BeNull();
        (await Registry.GetModelVersionAsync("iris", 1, Ct)).Should().BeNull();
    }

    [Fact]
    public async Task ListModelVersions_UnknownModel_IsNotFound()
    {
        var act = () => Registry.ListModelVersionsAsync("absent", Ct);

        var error = (await act.Should().ThrowAsync<MlopsNotFoundException>()).Which;
        error.EntityKind.Should().Be("registered model");
        error.Identifier.Should().Be("absent");
    }

    [Fact]
    public async Task UpdateModelVersion_SetsAndClearsTheDescriptionWithoutJournal()
    {
        await CreateModelAsync("penguins");
        await RegisterAsync("penguins");
        var head = await Store.GetJournalHeadAsync(Ct);

        await Registry.UpdateModelVersionAsync("penguins", 1, "described", Ct);
        var described = await GetVersionAsync("penguins", 1);
        await Registry.UpdateModelVersionAsync("penguins", 1, null, Ct);

        described.Description.Should().Be("described");
        (await GetVersionAsync("penguins", 1)).Description.Should().BeNull();
        (await Store.GetJournalHeadAsync(Ct)).Should().Be(head);
    }

    [Fact]
    public async Task ModelVersionTags_InsertReplaceDeleteAndAbsentDeleteIsANoOp()
    {
        await CreateModelAsync("penguins");
        await RegisterAsync("penguins", tags: Tags(("stage", "candidate"), ("keep", "me")));
        await RegisterAsync("penguins", tags: Tags(("stage", "other")));
        var head = await Store.GetJournalHeadAsync(Ct);

        await Registry.SetModelVersionTagsAsync("penguins", 1, Tags(("stage", "approved"), ("new", "tag")), Ct);
        await Registry.DeleteModelVersionTagAsync("penguins", 1, "keep", Ct);
        await Registry.DeleteModelVersionTagAsync("penguins", 1, "never-set", Ct);

        (await GetVersionAsync("penguins", 1)).Tags.Should().BeEquivalentTo(Tags(("stage", "approved"), ("new", "tag")));
        (await GetVersionAsync("penguins", 2)).Tags.Should().BeEquivalentTo(Tags(("stage", "other")), "tags belong to one version");
        (await Store.GetJournalHeadAsync(Ct)).Should().Be(head, "version tags are not journaled");
    }

    [Fact]
    public async Task SetModelVersionTags_InvalidTag_WritesNoneOfTheBatch()
    {
        await CreateModelAsync("penguins");
        await RegisterAsync("penguins", tags: Tags(("stage", "candidate")));
        var before = await SnapshotModelsAsync("penguins");

        var act = () => Registry.SetModelVersionTagsAsync("penguins", 1, Tags(("stage", "changed"), ("bad;key", "v")), Ct);

        await act.Should().ThrowAsync<MlopsValidationException>();
        await ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task VersionMutations_OnAnAbsentVersion_AreNotFoundAndWriteNothing()
    {
        await CreateModelAsync("penguins");
        await RegisterAsync("penguins");
        var before = await SnapshotModelsAsync("penguins");

        Func<Task>[] calls =
        [
            () => Registry.UpdateModelVersionAsync("penguins", 2, "d", Ct),
            () => Registry.SetModelVersionTagsAsync("penguins", 2, Tags(("k", "v")), Ct),
            () => Registry.DeleteModelVersionTagAsync("penguins", 2, "k", Ct),
            () => Registry.SetModelVersionStatusAsync("penguins", 2, ModelVersionStatus.Archived, Draft(JournalKinds.ModelVersionStatusChanged, "model/penguins/2"), Ct),
            () => Registry.DeleteModelVersionAsync("penguins", 2, Draft(JournalKinds.ModelVersionDeleted, "model/penguins/2"), Ct),
            () => Registry.UpdateModelVersionAsync("absent", 1, "d", Ct),
            () => Registry.DeleteModelVersionAsync("absent", 1, Draft(JournalKinds.ModelVersionDeleted, "model/absent/1"), Ct),
        ];

        foreach (var call in calls)
        {
            await call.Should().ThrowAsync<MlopsNotFoundException>();
        }

        await ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task SetModelVersionStatus_ArchiveAndRestoreAreJournaledAndARepeatIsNot()
    {
        await CreateModelAsync("penguins");
        await RegisterAsync("penguins");
        var archive = Draft(JournalKinds.ModelVersionStatusChanged, "model/penguins/1", T0.AddHours(1), JournalPayload.Create(("status", "Archived")));
        var restore = Draft(JournalKinds.ModelVersionStatusChanged, "model/penguins/1", T0.AddHours(2), JournalPayload.Create(("status", "Ready")));

        await Registry.SetModelVersionStatusAsync("penguins", 1, ModelVersionStatus.Archived, archive, Ct);
        var archived = await GetVersionAsync("penguins", 1);
        var afterArchive = await Store.GetJournalHeadAsync(Ct);
        await Registry.SetModelVersionStatusAsync("penguins", 1, ModelVersionStatus.Archived, archive with { Timestamp = T0.AddHours(3) }, Ct);
        var afterRepeat = await Store.GetJournalHeadAsync(Ct);
        await Registry.SetModelVersionStatusAsync("penguins", 1, ModelVersionStatus.Ready, restore, Ct);
        await Registry.SetModelVersionStatusAsync("penguins", 1, ModelVersionStatus.Ready, restore, Ct);

        archived.Status.Should().Be(ModelVersionStatus.Archived);
        (await GetVersionAsync("penguins", 1)).Status.Should().Be(ModelVersionStatus.Ready);
        afterRepeat.Should().Be(afterArchive, "archiving an archived version is a no-op");
        var journal = await ShouldVerifyAsync();
        journal.Select(e => e.Kind).Should().Equal(
            JournalKinds.ModelCreated, JournalKinds.ModelVersionRegistered, JournalKinds.ModelVersionStatusChanged, JournalKinds.ModelVersionStatusChanged);
        journal[2].Should().BeEquivalentTo(new { archive.Subject, archive.Payload, archive.Timestamp });
        journal[3].Should().BeEquivalentTo(new { restore.Subject, restore.Payload, restore.Timestamp });
    }

    [Fact]
    public async Task SetModelVersionStatus_OnAReadyVersion_IsANoOpWithoutJournal()
    {
        await CreateModelAsync("penguins");
        await RegisterAsync("penguins");
        var before = await SnapshotModelsAsync("penguins");

        await Registry.SetModelVersionStatusAsync("penguins", 1, ModelVersionStatus.Ready, Draft(JournalKinds.ModelVersionStatusChanged, "model/penguins/1"), Ct);

        await ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task SetModelVersionStatus_Absent_IsNotFoundNamingTheVersion()
    {
        await CreateModelAsync("penguins");

        var act = () => Registry.SetModelVersionStatusAsync("penguins", 7, ModelVersionStatus.Archived, Draft(JournalKinds.ModelVersionStatusChanged, "model/penguins/7"), Ct);

        var error = (await act.Should().ThrowAsync<MlopsNotFoundException>()).Which;
        error.EntityKind.Should().Be("model version");
        error.Identifier.Should().Be("penguins/7");
    }

    [Fact]
    public async Task DeleteModelVersion_RemovesItAndItsTagsAndJournals()
    {
        await CreateModelAsync("penguins");
        await RegisterAsync("penguins", tags: Tags(("stage", "old")));
        await RegisterAsync("penguins");
        var draft = Draft(JournalKinds.ModelVersionDeleted, "model/penguins/1", T0.AddHours(1), JournalPayload.Create(("version", 1)));

        await Registry.DeleteModelVersionAsync("penguins", 1, draft, Ct);

        (await Registry.GetModelVersionAsync("penguins", 1, Ct)).Should().BeNull();
        (await Registry.ListModelVersionsAsync("penguins", Ct)).Select(v => v.Version).Should().Equal(2);
        (await LastJournalEntryAsync()).Should().BeEquivalentTo(new { draft.Kind, draft.Subject, draft.Payload, draft.Timestamp });
        await ShouldVerifyAsync();
        var deleteAgain = () => Registry.DeleteModelVersionAsync("penguins", 1, draft, Ct);
        (await deleteAgain.Should().ThrowAsync<MlopsNotFoundException>()).Which.EntityKind.Should().Be("model version");
    }

    [Fact]
    public async Task DeleteModelVersion_WhileAliased_IsAConflictNamingTheAliasesAndDeletesNothing()
    {
        await CreateModelAsync("penguins");
        await RegisterAsync("penguins", tags: Tags(("stage", "prod")));
        await RegisterAsync("penguins");
        await SetAliasAsync("penguins", "champion", 1, null);
        await SetAliasAsync("penguins", "fallback", 1, null);
        var before = await SnapshotModelsAsync("penguins");

        var act = () => Registry.DeleteModelVersionAsync("penguins", 1, Draft(JournalKinds.ModelVersionDeleted, "model/penguins/1"), Ct);

        var message = (await act.Should().ThrowAsync<MlopsConflictException>()).Which.Message;
        message.Should().Contain("champion").And.Contain("fallback");
        await ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task DeleteModelVersion_AfterItsAliasMovedOrWasDeleted_IsAllowed()
    {
        await CreateModelAsync("penguins");
        await RegisterAsync("penguins");
        await RegisterAsync("penguins");
        await SetAliasAsync("penguins", "champion", 1, null);
        await SetAliasAsync("penguins", "fallback", 1, null);

        await SetAliasAsync("penguins", "champion", 2, 1);
        await DeleteAliasAsync("penguins", "fallback", 1);
        await Registry.DeleteModelVersionAsync("penguins", 1, Draft(JournalKinds.ModelVersionDeleted, "model/penguins/1"), Ct);

        (await Registry.ListModelVersionsAsync("penguins", Ct)).Select(v => v.Version).Should().Equal(2);
        (await GetModelAsync("penguins")).Aliases.Should().BeEquivalentTo(new Dictionary<string, int> { ["champion"] = 2 });
        (await ReadAllJournalAsync()).Select(e => e.Kind).Should().EndWith(
            [JournalKinds.ModelAliasSet, JournalKinds.ModelAliasDeleted, JournalKinds.ModelVersionDeleted]);
    }

    [Fact]
    public async Task ModelVersionTimestamps_AreKeptToTheMillisecondInUtc()
    {
        await CreateModelAsync("clock");
        var local = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(-5)).AddTicks(1_234_567);

        var created = await RegisterAsync("clock", createdAt: local);
        var read = await GetVersionAsync("clock", 1);

        read.CreatedAt.Should().Be(Stored(local));
        read.CreatedAt.Offset.Should().Be(TimeSpan.Zero);
        created.CreatedAt.Should().Be(Stored(local));
    }
}
