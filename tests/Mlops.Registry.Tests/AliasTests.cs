using Mlops.Journal;

namespace Mlops.Registry.Tests;

public sealed class AliasTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<RegistryHarness> WithVersionsAsync(int count)
    {
        var h = new RegistryHarness();
        for (var i = 0; i < count; i++)
        {
            await h.RegisterPenguinsAsync(models);
        }

        return h;
    }

    [Fact]
    public async Task A_set_alias_resolves_and_shows_on_the_model_and_the_version()
    {
        await using var h = await WithVersionsAsync(2);

        await h.Registry.SetAliasAsync("penguins", "champion", 2, "best so far", Ct);

        (await h.Registry.ResolveAsync("models:/penguins@champion", Ct)).Version.Should().Be(2);
        (await h.Registry.GetModelAsync("penguins", Ct)).Aliases.Should().Equal(new Dictionary<string, int> { ["champion"] = 2 });
        (await h.Registry.GetVersionAsync("penguins", 2, Ct)).Aliases.Should().Equal("champion");
    }

    [Fact]
    public async Task Every_URI_form_resolves()
    {
        await using var h = await WithVersionsAsync(3);
        await h.Registry.SetAliasAsync("penguins", "champion", 2, cancellationToken: Ct);

        (await h.Registry.ResolveAsync("models:/penguins/1", Ct)).Version.Should().Be(1);
        (await h.Registry.ResolveAsync("models:/penguins/v3", Ct)).Version.Should().Be(3);
        (await h.Registry.ResolveAsync("models:/penguins@v1", Ct)).Version.Should().Be(1);
        (await h.Registry.ResolveAsync("models:/penguins@champion", Ct)).Version.Should().Be(2);
        (await h.Registry.ResolveAsync("models:/penguins/latest", Ct)).Version.Should().Be(3);
        (await h.Registry.ResolveAsync("models:/penguins@latest", Ct)).Version.Should().Be(3);
    }

    [Fact]
    public async Task Unknown_or_malformed_URIs_are_refused()
    {
        await using var h = await WithVersionsAsync(1);

        (await FluentActions.Awaiting(() => h.Registry.ResolveAsync("models:/penguins@nobody", Ct)).Should().ThrowAsync<MlopsNotFoundException>())
            .Which.EntityKind.Should().Be("alias");
        (await FluentActions.Awaiting(() => h.Registry.ResolveAsync("models:/penguins/9", Ct)).Should().ThrowAsync<MlopsNotFoundException>())
            .Which.EntityKind.Should().Be("model version");
        (await FluentActions.Awaiting(() => h.Registry.ResolveAsync("models:/absent@champion", Ct)).Should().ThrowAsync<MlopsNotFoundException>())
            .Which.EntityKind.Should().Be("registered model");
        await FluentActions.Awaiting(() => h.Registry.ResolveAsync("model:/penguins/1", Ct)).Should().ThrowAsync<MlopsValidationException>();
        await FluentActions.Awaiting(() => h.Registry.LoadAsync("models:/penguins/0", Ct)).Should().ThrowAsync<MlopsValidationException>();
    }

    [Fact]
    public async Task Moving_an_alias_journals_old_and_new_version_reason_and_actor()
    {
        await using var h = await WithVersionsAsync(2);
        await h.Registry.SetAliasAsync("penguins", "champion", 1, "first", Ct);

        await h.Registry.SetAliasAsync("penguins", "champion", 2, "better accuracy", Ct);

        var moves = (await h.JournalAsync()).Where(e => e.Kind == JournalKinds.ModelAliasSet).ToList();
        moves.Should().HaveCount(2);
        var payload = RegistryHarness.Payload(moves[1]);
        payload.GetProperty("alias").GetString().Should().Be("champion");
        payload.GetProperty("oldVersion").GetInt32().Should().Be(1);
        payload.GetProperty("newVersion").GetInt32().Should().Be(2);
        payload.GetProperty("reason").GetString().Should().Be("better accuracy");
        payload.GetProperty("actor").GetString().Should().Be("alice");
        moves[1].Actor.Should().Be("alice");
        RegistryHarness.Payload(moves[0]).GetProperty("oldVersion").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        (await h.Registry.ResolveAsync("models:/penguins@champion", Ct)).Version.Should().Be(2);
    }

    [Fact]
    public async Task Deleting_an_alias_journals_it_and_the_alias_no_longer_resolves()
    {
        await using var h = await WithVersionsAsync(1);
        await h.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);

        await h.Registry.DeleteAliasAsync("penguins", "champion", "retired", Ct);

        var entry = (await h.JournalAsync()).Single(e => e.Kind == JournalKinds.ModelAliasDeleted);
        RegistryHarness.Payload(entry).GetProperty("oldVersion").GetInt32().Should().Be(1);
        RegistryHarness.Payload(entry).GetProperty("reason").GetString().Should().Be("retired");
        await FluentActions.Awaiting(() => h.Registry.ResolveAsync("models:/penguins@champion", Ct)).Should().ThrowAsync<MlopsNotFoundException>();
        await FluentActions.Awaiting(() => h.Registry.DeleteAliasAsync("penguins", "champion", cancellationToken: Ct)).Should().ThrowAsync<MlopsNotFoundException>();
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("LATEST")]
    [InlineData("v1")]
    [InlineData("V12")]
    [InlineData("bad alias")]
    public async Task Reserved_or_malformed_aliases_cannot_be_set(string alias)
    {
        await using var h = await WithVersionsAsync(1);
        var before = (await h.JournalAsync()).Count;

        (await FluentActions.Awaiting(() => h.Registry.SetAliasAsync("penguins", alias, 1, cancellationToken: Ct)).Should().ThrowAsync<MlopsValidationException>())
            .Which.Field.Should().Be("alias");
        (await h.JournalAsync()).Should().HaveCount(before);
    }

    [Fact]
    public async Task Latest_skips_archived_versions_until_they_are_restored()
    {
        await using var h = await WithVersionsAsync(3);

        var archived = await h.Registry.ArchiveVersionAsync("penguins", 3, Ct);

        archived.Status.Should().Be(ModelVersionStatus.Archived);
        (await h.Registry.ResolveAsync("models:/penguins/latest", Ct)).Version.Should().Be(2);
        (await h.Registry.ResolveAsync("models:/penguins/3", Ct)).Status.Should().Be(ModelVersionStatus.Archived, "an explicit version still resolves");
        (await h.Registry.RestoreVersionAsync("penguins", 3, Ct)).Status.Should().Be(ModelVersionStatus.Ready);
        (await h.Registry.ResolveAsync("models:/penguins/latest", Ct)).Version.Should().Be(3);
        (await h.JournalAsync()).Count(e => e.Kind == JournalKinds.ModelVersionStatusChanged).Should().Be(2);
    }

    [Fact]
    public async Task An_alias_cannot_point_at_an_archived_version()
    {
        await using var h = await WithVersionsAsync(1);
        await h.Registry.ArchiveVersionAsync("penguins", 1, Ct);

        await FluentActions.Awaiting(() => h.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct)).Should().ThrowAsync<MlopsValidationException>();
        (await h.Registry.GetModelAsync("penguins", Ct)).Aliases.Should().BeEmpty();
    }

    [Fact]
    public async Task Deleting_an_aliased_version_is_refused_until_the_alias_is_gone_and_numbers_are_not_reused()
    {
        await using var h = await WithVersionsAsync(2);
        await h.Registry.SetAliasAsync("penguins", "champion", 2, cancellationToken: Ct);

        (await FluentActions.Awaiting(() => h.Registry.DeleteVersionAsync("penguins", 2, Ct)).Should().ThrowAsync<MlopsConflictException>())
            .Which.Message.Should().Contain("champion");
        (await h.Registry.GetVersionAsync("penguins", 2, Ct)).Should().NotBeNull();

        await h.Registry.DeleteAliasAsync("penguins", "champion", cancellationToken: Ct);
        await h.Registry.DeleteVersionAsync("penguins", 2, Ct);
        var next = await h.RegisterPenguinsAsync(models);

        next.Version.Should().Be(3);
        (await h.Registry.ListVersionsAsync("penguins", Ct)).Select(v => v.Version).Should().Equal(1, 3);
    }

    [Fact]
    public async Task Renaming_a_model_carries_its_versions_and_aliases()
    {
        await using var h = await WithVersionsAsync(2);
        await h.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);
        _ = await h.Registry.LoadAsync("models:/penguins@champion", Ct);

        var renamed = await h.Registry.RenameModelAsync("penguins", "species", Ct);

        renamed.Aliases.Should().ContainKey("champion");
        (await h.Registry.ResolveAsync("models:/species@champion", Ct)).Version.Should().Be(1);
        await FluentActions.Awaiting(() => h.Registry.LoadAsync("models:/penguins@champion", Ct)).Should().ThrowAsync<MlopsNotFoundException>();
        (await h.JournalAsync()).Should().Contain(e => e.Kind == JournalKinds.ModelRenamed);
    }
}
