using Mlops.Journal;
using Mlops.Registry;

namespace Mlops.Storage.Conformance.Registry;

/// <summary>
/// Registered models: create (conflict writes nothing), get-or-create, name rules, rename (versions, aliases and tags
/// follow), description and tags, <see cref="RegisteredModel.UpdatedAt"/>, timestamps; every error leaves store and journal unchanged.
/// </summary>
/// <typeparam name="TProvider">The provider under test.</typeparam>
public abstract class RegisteredModelConformanceTests<TProvider> : RegistryConformanceBase<TProvider>
    where TProvider : IStoreConformanceProvider, new()
{
    [Fact]
    public async Task CreateRegisteredModel_ThenGet_ReturnsItWithTagsAndNoVersions()
    {
        var tags = Tags(("team", "ml"), ("mlops.source", "train.cs"), ("with space", "it's \"quoted\""));

        var created = await CreateModelAsync("house price", "Predicts prices.", tags, T0.AddMinutes(2), "bob");
        var read = await GetModelAsync("house price");

        var expected = new RegisteredModel("house price", "Predicts prices.", tags, T0.AddMinutes(2), T0.AddMinutes(2), "bob", 0,
            new Dictionary<string, int>());
        read.Should().BeEquivalentTo(expected);
        created.Should().BeEquivalentTo(expected);
        (await Registry.ListModelVersionsAsync("house price", Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task CreateRegisteredModel_AppendsItsJournalDraftInTheSameChain()
    {
        await CreateExperimentAsync("before");
        var payload = JournalPayload.Create(("name", "penguins"), ("description", null));
        var draft = new JournalDraft(JournalKinds.ModelCreated, "model/penguins", "bob", T0.AddSeconds(3), payload);

        await Registry.CreateRegisteredModelAsync("penguins", null, NoTags, T0, "bob", draft, Ct);

        (await LastJournalEntryAsync()).Should().BeEquivalentTo(new { Sequence = 2L, draft.Kind, draft.Subject, draft.Actor, draft.Payload, draft.Timestamp });
        await ShouldVerifyAsync();
    }

    [Fact]
    public async Task CreateRegisteredModel_ExistingName_IsAConflictAndWritesNothing()
    {
        await CreateModelAsync("penguins", "original", Tags(("a", "1")));
        await RegisterAsync("penguins");
        var before = await SnapshotModelsAsync("penguins");

        var act = () => CreateModelAsync("penguins", "impostor", Tags(("a", "2"), ("b", "3")), T0.AddDays(1), "mallory");

        (await act.Should().ThrowAsync<MlopsConflictException>()).Which.Message.Should().Contain("penguins");
        await ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task RegisteredModelNames_AreCaseSensitive()
    {
        await CreateModelAsync("penguins", "lower");
        await CreateModelAsync("Penguins", "upper");

        (await GetModelAsync("penguins")).Description.Should().Be("lower");
        (await GetModelAsync("Penguins")).Description.Should().Be("upper");
        (await Registry.GetRegisteredModelAsync("PENGUINS", Ct)).Should().BeNull();
        (await ReadAllJournalAsync()).Should().HaveCount(2);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("7")]
    [InlineData("House price v2.1_final-B")]
    [InlineData("ünïcødé model")]
    public async Task CreateRegisteredModel_ValidNames_RoundTrip(string name)
    {
        await CreateModelAsync(name);

        (await GetModelAsync(name)).Name.Should().Be(name);
    }

    [Fact]
    public async Task CreateRegisteredModel_NameOfTheMaximumLength_IsAccepted()
    {
        var name = new string('m', ModelNames.MaxModelNameLength);

        await CreateModelAsync(name);

        (await GetModelAsync(name)).Name.Should().Be(name);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" leading")]
    [InlineData("trailing ")]
    [InlineData("-dash")]
    [InlineData(".dot")]
    [InlineData("_under")]
    [InlineData("team/model")]
    [InlineData("model@champion")]
    [InlineData("bad\nname")]
    [InlineData("semi;colon")]
    [InlineData("x' OR 1=1 --")]
    [InlineData("back\\slash")]
    [InlineData("colon:name")]
    public async Task CreateRegisteredModel_InvalidName_IsAValidationErrorAndWritesNothing(string name)
    {
        await CreateModelAsync("existing");
        var before = await SnapshotModelsAsync("existing");

        var act = () => Registry.CreateRegisteredModelAsync(name, null, NoTags, T0, "alice", Draft(JournalKinds.ModelCreated, "model/x"), Ct);

        (await act.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("model name");
        await ShouldBeUnchangedAsync(before);
        (await AllModelNamesAsync()).Should().Equal("existing");
    }

    [Fact]
    public async Task CreateRegisteredModel_NameOverTheLimit_IsAValidationError()
    {
        var before = await SnapshotModelsAsync();

        var act = () => CreateModelAsync(new string('m', ModelNames.MaxModelNameLength + 1));

        (await act.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("model name");
        await ShouldBeUnchangedAsync(before);
        (await AllModelNamesAsync()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("bad;key", "v")]
    [InlineData("/leading", "v")]
    [InlineData("", "v")]
    [InlineData("a/../b", "v")]
    [InlineData("ok", null)]
    public async Task CreateRegisteredModel_InvalidTag_IsAValidationErrorAndWritesNothing(string key, string? value)
    {
        var before = await SnapshotModelsAsync("tagged");

        var act = () => CreateModelAsync("tagged", tags: Tags(("fine", "yes"), (key, value!)));

        await act.Should().ThrowAsync<MlopsValidationException>();
        await ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task CreateRegisteredModel_DescriptionLimits_AreEnforced()
    {
        var longest = new string('d', 5000);
        await CreateModelAsync("described", longest);
        (await GetModelAsync("described")).Description.Should().Be(longest);
        var before = await SnapshotModelsAsync("described", "too long");

        var create = () => CreateModelAsync("too long", longest + "d");
        var update = () => Registry.UpdateRegisteredModelAsync("described", longest + "d", T0.AddDays(1), Ct);

        await create.Should().ThrowAsync<MlopsValidationException>();
        await update.Should().ThrowAsync<MlopsValidationException>();
        await ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task GetOrCreateRegisteredModel_NewName_CreatesItAndJournalsOnce()
    {
        var draft = Draft(JournalKinds.ModelCreated, "model/penguins", T0.AddSeconds(1));

        var model = await Registry.GetOrCreateRegisteredModelAsync("penguins", T0, "alice", draft, Ct);

        model.Should().BeEquivalentTo(new RegisteredModel("penguins", null, NoTags, T0, T0, "alice", 0, new Dictionary<string, int>()));
        (await GetModelAsync("penguins")).Should().BeEquivalentTo(model);
        var journal = await ReadAllJournalAsync();
        journal.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Sequence = 1L, draft.Kind, draft.Subject, draft.Payload, draft.Timestamp });
    }

    [Fact]
    public async Task GetOrCreateRegisteredModel_ExistingName_ReturnsItAndWritesNothing()
    {
        await CreateModelAsync("penguins", "original", Tags(("team", "ml")));
        await RegisterAsync("penguins");
        await SetAliasAsync("penguins", "champion", 1, null);
        var existing = await GetModelAsync("penguins");
        var before = await SnapshotModelsAsync("penguins");

        var again = await Registry.GetOrCreateRegisteredModelAsync("penguins", T0.AddDays(1), "bob", Draft(JournalKinds.ModelCreated, "model/penguins-again"), Ct);

        again.Should().BeEquivalentTo(existing);
        await ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a@b")]
    public async Task GetOrCreateRegisteredModel_InvalidName_IsAValidationErrorAndWritesNothing(string name)
    {
        var before = await SnapshotModelsAsync();

        var act = () => Registry.GetOrCreateRegisteredModelAsync(name, T0, "alice", Draft(JournalKinds.ModelCreated, "model/x"), Ct);

        (await act.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("model name");
        await ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task GetRegisteredModel_Unknown_ReturnsNull()
    {
        await CreateModelAsync("penguins");

        (await Registry.GetRegisteredModelAsync("iris", Ct)).Should().BeNull();
        (await Registry.GetRegisteredModelAsync("penguins OR 1 --", Ct)).Should().BeNull();
        (await Registry.GetRegisteredModelAsync("penguin_", Ct)).Should().BeNull("'_' is not a wildcard in a lookup");
    }

    [Theory]
    [InlineData("' OR 1=1 --")]
    [InlineData("penguin%")]
    [InlineData("a/b")]
    public async Task GetRegisteredModel_InvalidName_IsNullOrAValidationError(string name)
    {
        await CreateModelAsync("penguins");

        try
        {
            (await Registry.GetRegisteredModelAsync(name, Ct)).Should().BeNull();
        }
        catch (MlopsValidationException e)
        {
            e.Field.Should().Be("model name");
        }
    }

    [Fact]
    public async Task RenameRegisteredModel_MovesVersionsAliasesAndTagsAndJournals()
    {
        var runId = await NewRunAsync();
        await CreateModelAsync("old name", "kept", Tags(("team", "ml")));
        await RegisterAsync("old name", runId, Tags(("v", "1")));
        await RegisterAsync("old name");
        await SetAliasAsync("old name", "champion", 2, null);
        await SetAliasAsync("old name", "challenger", 1, null);
        var original = await GetModelAsync("old name");
        var draft = Draft(JournalKinds.ModelRenamed, "model/new name", T0.AddHours(1), JournalPayload.Create(("old", "old name"), ("new", "new name")));

        var renamed = await Registry.RenameRegisteredModelAsync("old name", "new name", T0.AddHours(1), draft, Ct);

        var expected = original with { Name = "new name", UpdatedAt = T0.AddHours(1) };
        renamed.Should().BeEquivalentTo(expected);
        (await GetModelAsync("new name")).Should().BeEquivalentTo(expected);
        (await Registry.GetRegisteredModelAsync("old name", Ct)).Should().BeNull();
        var versions = await Registry.ListModelVersionsAsync("new name", Ct);
        versions.Select(v => (v.ModelName, v.Version)).Should().Equal(("new name", 1), ("new name", 2));
        versions[0].Tags.Should().BeEquivalentTo(Tags(("v", "1")));
        versions[0].Aliases.Should().Equal("challenger");
        versions[1].Aliases.Should().Equal("champion");
        (await Registry.GetAliasAsync("new name", "champion", Ct)).Should().Be(2);
        (await Registry.GetModelVersionAsync("old name", 1, Ct)).Should().BeNull();
        (await Registry.FindModelVersionsByRunAsync(runId, Ct)).Should().ContainSingle().Which.ModelName.Should().Be("new name");
        var last = await LastJournalEntryAsync();
        last.Should().BeEquivalentTo(new { draft.Kind, draft.Subject, draft.Payload, draft.Timestamp });
        await ShouldVerifyAsync();
    }

    [Fact]
    public async Task RenameRegisteredModel_FreesTheOldNameAndKeepsNumbering()
    {
        await CreateModelAsync("first");
        await RegisterAsync("first");
        await RegisterAsync("first");

        await Registry.RenameRegisteredModelAsync("first", "second", T0.AddHours(1), Draft(JournalKinds.ModelRenamed, "model/second"), Ct);
        await CreateModelAsync("first");
        var reused = await RegisterAsync("first");
        var continued = await RegisterAsync("second");

        reused.Version.Should().Be(1, "the new model named 'first' starts its own numbering");
        continued.Version.Should().Be(3, "the renamed model keeps its numbering");
        (await AllModelNamesAsync()).Should().Equal("first", "second");
    }

    [Fact]
    public async Task RenameRegisteredModel_Unknown_IsNotFoundAndWritesNothing()
    {
        await CreateModelAsync("present");
        var before = await SnapshotModelsAsync("present", "target");

        var act = () => Registry.RenameRegisteredModelAsync("absent", "target", T0, Draft(JournalKinds.ModelRenamed, "model/target"), Ct);

        var error = (await act.Should().ThrowAsync<MlopsNotFoundException>()).Which;
        error.EntityKind.Should().Be("registered model");
        error.Identifier.Should().Be("absent");
        await ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task RenameRegisteredModel_ToAnExistingName_IsAConflictAndWritesNothing()
    {
        await CreateModelAsync("one", tags: Tags(("k", "1")));
        await RegisterAsync("one");
        await CreateModelAsync("two", tags: Tags(("k", "2")));
        await RegisterAsync("two");
        await SetAliasAsync("two", "champion", 1, null);
        var before = await SnapshotModelsAsync("one", "two");

        var act = () => Registry.RenameRegisteredModelAsync("one", "two", T0.AddHours(1), Draft(JournalKinds.ModelRenamed, "model/two"), Ct);

        (await act.Should().ThrowAsync<MlopsConflictException>()).Which.Message.Should().Contain("two");
        await ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData("")]
    [InlineData("team/model")]
    [InlineData("model@alias")]
    [InlineData("trailing ")]
    public async Task RenameRegisteredModel_InvalidNewName_IsAValidationErrorAndWritesNothing(string newName)
    {
        await CreateModelAsync("valid");
        await RegisterAsync("valid");
        var before = await SnapshotModelsAsync("valid");

        var act = () => Registry.RenameRegisteredModelAsync("valid", newName, T0.AddHours(1), Draft(JournalKinds.ModelRenamed, "model/x"), Ct);

        (await act.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("model name");
        await ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task UpdateRegisteredModel_SetsAndClearsTheDescriptionAndUpdatedAtWithoutJournal()
    {
        await CreateModelAsync("penguins", "first");
        var head = await Store.GetJournalHeadAsync(Ct);

        await Registry.UpdateRegisteredModelAsync("penguins", "second", T0.AddHours(1), Ct);
        var described = await GetModelAsync("penguins");
        await Registry.UpdateRegisteredModelAsync("penguins", null, T0.AddHours(2), Ct);
        var cleared = await GetModelAsync("penguins");

        described.Description.Should().Be("second");
        described.UpdatedAt.Should().Be(T0.AddHours(1));
        described.CreatedAt.Should().Be(T0);
        cleared.Description.Should().BeNull();
        cleared.UpdatedAt.Should().Be(T0.AddHours(2));
        (await Store.GetJournalHeadAsync(Ct)).Should().Be(head, "description updates are not journaled");
    }

    [Fact]
    public async Task UpdateAndTagAnUnknownModel_AreNotFoundAndWriteNothing()
    {
        await CreateModelAsync("present");
        var before = await SnapshotModelsAsync("present", "absent");

        var update = () => Registry.UpdateRegisteredModelAsync("absent", "x", T0, Ct);
        var tag = () => Registry.SetRegisteredModelTagsAsync("absent", Tags(("k", "v")), Ct);
        var untag = () => Registry.DeleteRegisteredModelTagAsync("absent", "k", Ct);

        (await update.Should().ThrowAsync<MlopsNotFoundException>()).Which.EntityKind.Should().Be("registered model");
        (await tag.Should().ThrowAsync<MlopsNotFoundException>()).Which.EntityKind.Should().Be("registered model");
        (await untag.Should().ThrowAsync<MlopsNotFoundException>()).Which.EntityKind.Should().Be("registered model");
        await ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task SetRegisteredModelTags_InsertsReplacesAndChangesUpdatedAtWithoutJournal()
    {
        await CreateModelAsync("penguins", tags: Tags(("team", "ml"), ("keep", "me")));
        var head = await Store.GetJournalHeadAsync(Ct);

        await Registry.SetRegisteredModelTagsAsync("penguins", Tags(("team", "data"), ("new", "tag")), Ct);

        var model = await GetModelAsync("penguins");
        model.Tags.Should().BeEquivalentTo(Tags(("team", "data"), ("keep", "me"), ("new", "tag")));
        model.UpdatedAt.Should().BeAfter(T0, "tag changes update UpdatedAt");
        model.CreatedAt.Should().Be(T0);
        (await Store.GetJournalHeadAsync(Ct)).Should().Be(head, "tag changes are not journaled");
    }

    [Fact]
    public async Task SetRegisteredModelTags_InvalidTag_WritesNoneOfTheBatch()
    {
        await CreateModelAsync("penguins", tags: Tags(("team", "ml")));
        var before = await SnapshotModelsAsync("penguins");

        var badKey = () => Registry.SetRegisteredModelTagsAsync("penguins", Tags(("team", "changed"), ("bad;key", "v")), Ct);
        var longValue = () => Registry.SetRegisteredModelTagsAsync("penguins",
            Tags(("team", "changed"), ("long", new string('x', InputRules.MaxTagValueLength + 1))), Ct);

        await badKey.Should().ThrowAsync<MlopsValidationException>();
        await longValue.Should().ThrowAsync<MlopsValidationException>();
        await ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task DeleteRegisteredModelTag_RemovesItAndAbsentIsANoOp()
    {
        await CreateModelAsync("penguins", tags: Tags(("team", "ml"), ("keep", "me")));

        await Registry.DeleteRegisteredModelTagAsync("penguins", "team", Ct);
        var afterDelete = await GetModelAsync("penguins");
        await Registry.DeleteRegisteredModelTagAsync("penguins", "never-set", Ct);

        afterDelete.Tags.Should().BeEquivalentTo(Tags(("keep", "me")));
        afterDelete.UpdatedAt.Should().BeAfter(T0, "tag changes update UpdatedAt");
        (await GetModelAsync("penguins")).Tags.Should().BeEquivalentTo(Tags(("keep", "me")));
        (await ReadAllJournalAsync()).Should().ContainSingle("only the creation is journaled");
    }

    [Fact]
    public async Task RegisteredModelTimestamps_AreKeptToTheMillisecondInUtc()
    {
        var local = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        var later = local.AddHours(1).AddTicks(7_654);

        await CreateModelAsync("clock", createdAt: local);
        var created = await GetModelAsync("clock");
        await Registry.UpdateRegisteredModelAsync("clock", "d", later, Ct);
        var updated = await GetModelAsync("clock");

        created.CreatedAt.Should().Be(Stored(local));
        created.CreatedAt.Offset.Should().Be(TimeSpan.Zero);
        updated.UpdatedAt.Should().Be(Stored(later));
        updated.UpdatedAt.Offset.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public async Task RegisteredModels_AreVisibleToASecondInstance()
    {
        await CreateModelAsync("penguins", "d", Tags(("k", "v")));
        await RegisterAsync("penguins");
        await SetAliasAsync("penguins", "champion", 1, null);
        var second = RegistryOf(await OpenSecondAsync());

        (await second.GetRegisteredModelAsync("penguins", Ct)).Should().BeEquivalentTo(await GetModelAsync("penguins"));
        (await second.GetModelVersionAsync("penguins", 1, Ct)).Should().BeEquivalentTo(await GetVersionAsync("penguins", 1));
        (await second.GetAliasAsync("penguins", "champion", Ct)).Should().Be(1);
    }
}
