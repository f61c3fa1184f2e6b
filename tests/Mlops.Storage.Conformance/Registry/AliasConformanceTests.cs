using Mlops.Journal;
using Mlops.Registry;

namespace Mlops.Storage.Conformance.Registry;

/// <summary>
/// Aliases: set, move, re-affirm and delete with the optimistic expectation check (a stale expectation is a conflict
/// that writes nothing), reserved and malformed names, and aliases reflected on models and versions.
/// </summary>
/// <typeparam name="TProvider">The provider under test.</typeparam>
public abstract class AliasConformanceTests<TProvider> : RegistryConformanceBase<TProvider>
    where TProvider : IStoreConformanceProvider, new()
{
    private async Task SeedAsync(int versions = 3)
    {
        await CreateModelAsync("penguins");
        for (var i = 0; i < versions; i++)
        {
            await RegisterAsync("penguins");
        }
    }

    private static Dictionary<string, int> Aliases(params (string Alias, int Version)[] aliases) =>
        aliases.ToDictionary(a => a.Alias, a => a.Version);

    [Fact]
    public async Task SetAlias_New_PointsItAtTheVersionJournalsAndShowsOnModelAndVersion()
    {
        await SeedAsync();
        var draft = new JournalDraft(JournalKinds.ModelAliasSet, "model/penguins@champion", "bob", T0.AddHours(1),
            JournalPayload.Create(("alias", "champion"), ("old", null), ("new", 2), ("reason", "best accuracy")));

        await Registry.SetAliasAsync("penguins", "champion", 2, null, draft, Ct);

        (await Registry.GetAliasAsync("penguins", "champion", Ct)).Should().Be(2);
        (await GetModelAsync("penguins")).Aliases.Should().BeEquivalentTo(Aliases(("champion", 2)));
        (await GetVersionAsync("penguins", 2)).Aliases.Should().Equal("champion");
        (await GetVersionAsync("penguins", 1)).Aliases.Should().BeEmpty();
        (await Registry.ListModelVersionsAsync("penguins", Ct)).Select(v => v.Aliases.Count).Should().Equal(0, 1, 0);
        (await LastJournalEntryAsync()).Should().BeEquivalentTo(new { draft.Kind, draft.Subject, draft.Actor, draft.Payload, draft.Timestamp });
        await ShouldVerifyAsync();
    }

    [Fact]
    public async Task SetAlias_Move_WithTheRightExpectation_MovesItAndJournals()
    {
        await SeedAsync();
        await SetAliasAsync("penguins", "champion", 1, null);

        await SetAliasAsync("penguins", "champion", 3, 1);

        (await Registry.GetAliasAsync("penguins", "champion", Ct)).Should().Be(3);
        (await GetVersionAsync("penguins", 1)).Aliases.Should().BeEmpty();
        (await GetVersionAsync("penguins", 3)).Aliases.Should().Equal("champion");
        (await GetModelAsync("penguins")).Aliases.Should().BeEquivalentTo(Aliases(("champion", 3)));
        var journal = await ShouldVerifyAsync();
        journal.Where(e => e.Kind == JournalKinds.ModelAliasSet).Select(e => e.Payload).Should().Equal(
            JournalPayload.Create(("alias", "champion"), ("old", null), ("new", 1)),
            JournalPayload.Create(("alias", "champion"), ("old", 1), ("new", 3)));
    }

    [Fact]
    public async Task SetAlias_SameVersionAgain_IsAReaffirmationThatStillJournals()
    {
        await SeedAsync();
        await SetAliasAsync("penguins", "champion", 2, null);
        var head = await Store.GetJournalHeadAsync(Ct);

        await SetAliasAsync("penguins", "champion", 2, 2);

        (await Registry.GetAliasAsync("penguins", "champion", Ct)).Should().Be(2);
        (await Store.GetJournalHeadAsync(Ct))!.Sequence.Should().Be(head!.Sequence + 1);
        (await LastJournalEntryAsync()).Kind.Should().Be(JournalKinds.ModelAliasSet);
        (await GetVersionAsync("penguins", 2)).Aliases.Should().Equal("champion");
    }

    [Fact]
    public async Task SeveralAliases_OnOneVersionAndAcrossModels_AreIndependent()
    {
        await SeedAsync();
        await CreateModelAsync("iris");
        await RegisterAsync("iris");

        await SetAliasAsync("penguins", "champion", 2, null);
        await SetAliasAsync("penguins", "blue-green_1", 2, null);
        await SetAliasAsync("penguins", "challenger", 3, null);
        await SetAliasAsync("iris", "champion", 1, null);

        (await GetModelAsync("penguins")).Aliases.Should().BeEquivalentTo(Aliases(("champion", 2), ("blue-green_1", 2), ("challenger", 3)));
        (await GetVersionAsync("penguins", 2)).Aliases.Should().BeEquivalentTo("champion", "blue-green_1");
        (await GetVersionAsync("penguins", 3)).Aliases.Should().Equal("challenger");
        (await GetModelAsync("iris")).Aliases.Should().BeEquivalentTo(Aliases(("champion", 1)));
        (await Registry.GetAliasAsync("iris", "challenger", Ct)).Should().BeNull();
        (await Registry.GetAliasAsync("penguins", "unset", Ct)).Should().BeNull();
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData(2, 1)]
    [InlineData(1, null)]
    [InlineData(3, 2)]
    public async Task SetAlias_StaleExpectation_IsAConflictAndWritesNothing(int? currentVersion, int? staleExpectation)
    {
        await SeedAsync();
        if (currentVersion is { } current)
        {
            await SetAliasAsync("penguins", "champion", current, null);
        }

        var before = await SnapshotModelsAsync("penguins");

        var act = () => SetAliasAsync("penguins", "champion", 3, staleExpectation);

        (await act.Should().ThrowAsync<MlopsConflictException>()).Which.Message.Should().Contain("champion");
        await ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task SetAlias_UnknownModelOrVersion_IsNotFoundAndWritesNothing()
    {
        await SeedAsync(versions: 1);
        var before = await SnapshotModelsAsync("penguins", "absent");

        var unknownModel = () => SetAliasAsync("absent", "champion", 1, null);
        var unknownVersion = () => SetAliasAsync("penguins", "champion", 2, null);
        var zero = () => SetAliasAsync("penguins", "champion", 0, null);

        (await unknownModel.Should().ThrowAsync<MlopsNotFoundException>()).Which.EntityKind.Should().Be("registered model");
        (await unknownVersion.Should().ThrowAsync<MlopsNotFoundException>()).Which.EntityKind.Should().Be("model version");
        await zero.Should().ThrowAsync<MlopsException>();
        await ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task SetAlias_ToADeletedVersion_IsNotFound()
    {
        await SeedAsync();
        await Registry.DeleteModelVersionAsync("penguins", 3, Draft(JournalKinds.ModelVersionDeleted, "model/penguins/3"), Ct);
        var before = await SnapshotModelsAsync("penguins");

        var act = () => SetAliasAsync("penguins", "champion", 3, null);

        (await act.Should().ThrowAsync<MlopsNotFoundException>()).Which.EntityKind.Should().Be("model version");
        await ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("LATEST")]
    [InlineData("Latest")]
    [InlineData("v3")]
    [InlineData("V12")]
    [InlineData("v0")]
    [InlineData("v007")]
    public async Task SetAlias_ReservedName_IsAValidationErrorAndWritesNothing(string alias)
    {
        await SeedAsync();
        var before = await SnapshotModelsAsync("penguins");

        var act = () => SetAliasAsync("penguins", alias, 3, null);

        (await act.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("alias");
        await ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("dotted.alias")]
    [InlineData("slash/alias")]
    [InlineData("at@alias")]
    [InlineData("semi;colon")]
    [InlineData("' OR 1=1 --")]
    public async Task SetAlias_MalformedName_IsAValidationErrorAndWritesNothing(string alias)
    {
        await SeedAsync();
        var before = await SnapshotModelsAsync("penguins");

        var act = () => SetAliasAsync("penguins", alias, 3, null);

        (await act.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("alias");
        await ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task SetAlias_LengthLimit_IsEnforced()
    {
        await SeedAsync();
        var longest = new string('a', ModelNames.MaxAliasLength);

        await SetAliasAsync("penguins", longest, 1, null);
        var before = await SnapshotModelsAsync("penguins");
        var act = () => SetAliasAsync("penguins", longest + "a", 1, null);

        (await Registry.GetAliasAsync("penguins", longest, Ct)).Should().Be(1);
        (await act.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("alias");
        await ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData("v")]
    [InlineData("v1a")]
    [InlineData("version")]
    [InlineData("latest2")]
    [InlineData("_staging")]
    [InlineData("Champion")]
    public async Task SetAlias_NamesThatOnlyLookReserved_AreAccepted(string alias)
    {
        await SeedAsync();

        await SetAliasAsync("penguins", alias, 2, null);

        (await Registry.GetAliasAsync("penguins", alias, Ct)).Should().Be(2);
        (await GetModelAsync("penguins")).Aliases.Should().BeEquivalentTo(Aliases((alias, 2)));
    }

    [Fact]
    public async Task DeleteAlias_RemovesItJournalsAndLeavesTheVersion()
    {
        await SeedAsync();
        await SetAliasAsync("penguins", "champion", 2, null);
        await SetAliasAsync("penguins", "other", 2, null);
        var draft = Draft(JournalKinds.ModelAliasDeleted, "model/penguins@champion", T0.AddHours(1),
            JournalPayload.Create(("alias", "champion"), ("old", 2), ("reason", "retired")));

        await Registry.DeleteAliasAsync("penguins", "champion", 2, draft, Ct);

        (await Registry.GetAliasAsync("penguins", "champion", Ct)).Should().BeNull();
        (await GetModelAsync("penguins")).Aliases.Should().BeEquivalentTo(Aliases(("other", 2)));
        (await GetVersionAsync("penguins", 2)).Aliases.Should().Equal("other");
        (await LastJournalEntryAsync()).Should().BeEquivalentTo(new { draft.Kind, draft.Subject, draft.Payload, draft.Timestamp });
        await ShouldVerifyAsync();
    }

    [Fact]
    public async Task DeleteAlias_Unset_IsNotFoundAndWritesNothing()
    {
        await SeedAsync();
        await SetAliasAsync("penguins", "champion", 2, null);
        var before = await SnapshotModelsAsync("penguins");

        var act = () => DeleteAliasAsync("penguins", "challenger", null);

        var error = (await act.Should().ThrowAsync<MlopsNotFoundException>()).Which;
        error.EntityKind.Should().Be("alias");
        error.Identifier.Should().Contain("challenger");
        await ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(null)]
    public async Task DeleteAlias_StaleExpectation_IsAConflictAndWritesNothing(int? staleExpectation)
    {
        await SeedAsync();
        await SetAliasAsync("penguins", "champion", 2, null);
        var before = await SnapshotModelsAsync("penguins");

        var act = () => DeleteAliasAsync("penguins", "champion", staleExpectation);

        (await act.Should().ThrowAsync<MlopsConflictException>()).Which.Message.Should().Contain("champion");
        await ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task DeleteAlias_UnknownModel_IsNotFoundAndWritesNothing()
    {
        await SeedAsync();
        var before = await SnapshotModelsAsync("penguins", "absent");

        var act = () => DeleteAliasAsync("absent", "champion", null);

        await act.Should().ThrowAsync<MlopsNotFoundException>();
        await ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task Alias_DeletedThenSetAgain_StartsFromUnset()
    {
        await SeedAsync();
        await SetAliasAsync("penguins", "champion", 1, null);
        await DeleteAliasAsync("penguins", "champion", 1);

        var staleMove = () => SetAliasAsync("penguins", "champion", 2, 1);
        await staleMove.Should().ThrowAsync<MlopsConflictException>();
        await SetAliasAsync("penguins", "champion", 2, null);

        (await Registry.GetAliasAsync("penguins", "champion", Ct)).Should().Be(2);
        (await ReadAllJournalAsync()).Select(e => e.Kind).Should().EndWith(
            [JournalKinds.ModelAliasSet, JournalKinds.ModelAliasDeleted, JournalKinds.ModelAliasSet]);
    }
}
