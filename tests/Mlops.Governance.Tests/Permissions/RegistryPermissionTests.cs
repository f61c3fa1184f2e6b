using System.Text.Json;
using Mlops.Journal;
using Mlops.Registry;
using static Mlops.Governance.Tests.Permissions.PermissionSetup;

namespace Mlops.Governance.Tests.Permissions;

public sealed class RegistryPermissionTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PermissionsOff_EveryActorMayDoEverything()
    {
        await using var harness = new GovernanceHarness(models);
        var version = await harness.RegisterAsync("alice");
        var bob = harness.As("bob").Get<IModelRegistry>();

        await bob.SetModelTagAsync("penguins", "team", "bob", Ct);
        await bob.SetAliasAsync("penguins", "production", version.Version, cancellationToken: Ct);
        await bob.ArchiveVersionAsync("penguins", version.Version, Ct);

        (await bob.GetModelAsync("penguins", Ct)).Tags.Should().ContainKey("team");
        (await EntriesAsync(harness, JournalKinds.PermissionDenied)).Should().BeEmpty();
        harness.As("bob").GetService(typeof(IPermissionService)).Should().BeNull("permissions are off until enabled");
    }

    [Fact]
    public async Task DefaultRead_WriteIsDeniedJournaledAndNothingChanges()
    {
        await using var harness = new GovernanceHarness(models, Enabled());
        await harness.RegisterAsync("root");
        var bob = harness.As("bob").Get<IModelRegistry>();

        (await bob.GetModelAsync("penguins", Ct)).Name.Should().Be("penguins", "everyone reads by default");
        var act = () => bob.SetModelTagAsync("penguins", "team", "bob", Ct);

        var denied = (await act.Should().ThrowAsync<MlopsPermissionDeniedException>()).Which;
        denied.Message.Should().Be("'bob' needs Edit permission on registered model 'penguins' and holds Read.");
        (denied.Actor, denied.Kind, denied.ResourceName, denied.Required, denied.Held)
            .Should().Be(("bob", ResourceKind.RegisteredModel, "penguins", PermissionLevel.Edit, PermissionLevel.Read));
        (await bob.GetModelAsync("penguins", Ct)).Tags.Should().NotContainKey("team");

        var entry = (await EntriesAsync(harness, JournalKinds.PermissionDenied)).Should().ContainSingle().Subject;
        (entry.Subject, entry.Actor).Should().Be(("model/penguins", "bob"));
        var payload = JsonDocument.Parse(entry.Payload).RootElement;
        payload.GetProperty("actor").GetString().Should().Be("bob");
        payload.GetProperty("required").GetString().Should().Be("Edit");
        payload.GetProperty("held").GetString().Should().Be("Read");
        payload.GetProperty("operation").GetString().Should().Be(nameof(IModelRegistry.SetModelTagAsync));
    }

    [Fact]
    public async Task DefaultRead_CreatingAModelIsDeniedUnlessGrantedOnItsName()
    {
        await using var harness = new GovernanceHarness(models, Enabled());
        var register = () => harness.RegisterAsync("bob", "bobs-model");

        (await register.Should().ThrowAsync<MlopsPermissionDeniedException>()).Which.Required.Should().Be(PermissionLevel.Edit);
        (await harness.As("root").Get<IModelRegistry>().ListModelsAsync(Ct)).Should().BeEmpty("nothing was written");

        await harness.As("root").Get<IPermissionService>().GrantAsync("bob", ResourceKind.RegisteredModel, "bobs-model", PermissionLevel.Edit, Ct);
        var version = await harness.RegisterAsync("bob", "bobs-model");

        version.CreatedBy.Should().Be("bob");
    }

    [Fact]
    public async Task SetAlias_NeedsManage_EditIsNotEnough_AndPolicyGuardsAreNotReached()
    {
        await using var harness = new GovernanceHarness(models, Enabled());
        var version = await harness.RegisterAsync("root");
        await harness.As("root").Get<IPermissionService>().GrantAsync("bob", ResourceKind.RegisteredModel, "penguins", PermissionLevel.Edit, Ct);
        var bob = harness.As("bob").Get<IModelRegistry>();

        await bob.SetVersionTagAsync("penguins", version.Version, "reviewed", "yes", Ct);
        var setAlias = () => bob.SetAliasAsync("penguins", "production", version.Version, cancellationToken: Ct);

        var denied = (await setAlias.Should().ThrowAsync<MlopsPermissionDeniedException>()).Which;
        (denied.Required, denied.Held).Should().Be((PermissionLevel.Manage, PermissionLevel.Edit));
        (await LastDenialAsync(harness)).GetProperty("operation").GetString().Should().Be(nameof(IModelRegistry.SetAliasAsync));
        (await EntriesAsync(harness, JournalKinds.ModelAliasDenied)).Should().BeEmpty();
        (await bob.GetModelAsync("penguins", Ct)).Aliases.Should().BeEmpty();
    }

    [Fact]
    public async Task ArchiveDeleteAndRename_NeedManage()
    {
        await using var harness = new GovernanceHarness(models, Enabled());
        var version = await harness.RegisterAsync("root");
        await harness.As("root").Get<IPermissionService>().GrantAsync("bob", ResourceKind.RegisteredModel, "penguins", PermissionLevel.Edit, Ct);
        var bob = harness.As("bob").Get<IModelRegistry>();

        await FluentActions.Invoking(() => bob.ArchiveVersionAsync("penguins", version.Version, Ct)).Should().ThrowAsync<MlopsPermissionDeniedException>();
        await FluentActions.Invoking(() => bob.DeleteVersionAsync("penguins", version.Version, Ct)).Should().ThrowAsync<MlopsPermissionDeniedException>();
        await FluentActions.Invoking(() => bob.RenameModelAsync("penguins", "penguins-2", Ct)).Should().ThrowAsync<MlopsPermissionDeniedException>();

        (await EntriesAsync(harness, JournalKinds.PermissionDenied)).Select(e => JsonDocument.Parse(e.Payload).RootElement.GetProperty("operation").GetString())
            .Should().Equal(nameof(IModelRegistry.ArchiveVersionAsync), nameof(IModelRegistry.DeleteVersionAsync), nameof(IModelRegistry.RenameModelAsync));
        (await bob.GetVersionAsync("penguins", version.Version, Ct)).Status.Should().Be(ModelVersionStatus.Ready);
    }

    [Fact]
    public async Task RoleGrant_AppliesToMembersOnly()
    {
        await using var harness = new GovernanceHarness(models, Enabled());
        var version = await harness.RegisterAsync("root");
        await harness.As("root").Get<IPermissionService>().GrantAsync("role:ml-leads", ResourceKind.RegisteredModel, "penguins", PermissionLevel.Manage, Ct);

        await harness.As("carol").Get<IModelRegistry>().SetAliasAsync("penguins", "production", version.Version, cancellationToken: Ct);
        var dave = () => harness.As("dave").Get<IModelRegistry>().DeleteAliasAsync("penguins", "production", cancellationToken: Ct);

        (await dave.Should().ThrowAsync<MlopsPermissionDeniedException>()).Which.Actor.Should().Be("dave");
        (await harness.As("root").Get<IModelRegistry>().GetModelAsync("penguins", Ct)).Aliases.Should().ContainKey("production");
    }

    [Fact]
    public async Task EveryoneGrant_AppliesToAnyActor()
    {
        await using var harness = new GovernanceHarness(models, Enabled());
        await harness.RegisterAsync("root");
        await harness.As("root").Get<IPermissionService>().GrantAsync(Principals.Everyone, ResourceKind.RegisteredModel, "penguins", PermissionLevel.Edit, Ct);

        await harness.As("erin").Get<IModelRegistry>().UpdateModelDescriptionAsync("penguins", "three species", Ct);

        (await harness.As("frank").Get<IModelRegistry>().GetModelAsync("penguins", Ct)).Description.Should().Be("three species");
    }

    [Fact]
    public async Task Administrator_ManagesEverything_WithoutGrants()
    {
        await using var harness = new GovernanceHarness(models, Enabled(o => o.CreatorsManage = false));
        var version = await harness.RegisterAsync("root");
        var root = harness.As("root").Get<IModelRegistry>();

        await root.SetAliasAsync("penguins", "production", version.Version, cancellationToken: Ct);
        await root.DeleteAliasAsync("penguins", "production", cancellationToken: Ct);
        await root.ArchiveVersionAsync("penguins", version.Version, Ct);

        (await harness.As("root").Get<IPermissionService>().GetEffectiveLevelAsync("root", ResourceKind.RegisteredModel, "anything", Ct))
            .Should().Be(PermissionLevel.Manage);
        (await EntriesAsync(harness, JournalKinds.PermissionDenied)).Should().BeEmpty();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Creator_ManagesWhatTheyCreated_OnlyWhenCreatorsManage(bool creatorsManage)
    {
        await using var harness = new GovernanceHarness(models, Enabled(o =>
        {
            o.DefaultLevel = PermissionLevel.Edit;
            o.CreatorsManage = creatorsManage;
        }));
        var version = await harness.RegisterAsync("alice");
        var alice = () => harness.As("alice").Get<IModelRegistry>().SetAliasAsync("penguins", "production", version.Version, cancellationToken: Ct);
        var bob = () => harness.As("bob").Get<IModelRegistry>().SetAliasAsync("penguins", "staging", version.Version, cancellationToken: Ct);

        if (creatorsManage)
        {
            await alice.Should().NotThrowAsync();
        }
        else
        {
            (await alice.Should().ThrowAsync<MlopsPermissionDeniedException>()).Which.Held.Should().Be(PermissionLevel.Edit);
        }

        (await bob.Should().ThrowAsync<MlopsPermissionDeniedException>()).Which.Held.Should().Be(PermissionLevel.Edit, "bob did not create it");
    }

    [Fact]
    public async Task Revoke_TakesEffectForTheNextOperation_InAnotherAppOnTheSameStore()
    {
        await using var harness = new GovernanceHarness(models, Enabled());
        var version = await harness.RegisterAsync("root");
        var permissions = harness.As("root").Get<IPermissionService>();
        var bob = harness.As("bob").Get<IModelRegistry>();
        await permissions.GrantAsync("bob", ResourceKind.RegisteredModel, "penguins", PermissionLevel.Manage, Ct);
        await bob.SetAliasAsync("penguins", "production", version.Version, cancellationToken: Ct);

        (await permissions.RevokeAsync("bob", ResourceKind.RegisteredModel, "penguins", Ct)).Should().BeTrue();
        var again = () => bob.DeleteAliasAsync("penguins", "production", cancellationToken: Ct);

        (await again.Should().ThrowAsync<MlopsPermissionDeniedException>()).Which.Held.Should().Be(PermissionLevel.Read);
        (await permissions.RevokeAsync("bob", ResourceKind.RegisteredModel, "penguins", Ct)).Should().BeFalse("there is nothing left to revoke");
        (await EntriesAsync(harness, JournalKinds.PermissionRevoked)).Should().ContainSingle().Which.Subject.Should().Be("model/penguins");
    }

    [Fact]
    public async Task ListAndSearch_LeaveOutUnreadableModels_WithoutJournalingDenials()
    {
        await using var harness = new GovernanceHarness(models, Enabled(o => o.DefaultLevel = PermissionLevel.None));
        var a = await harness.RegisterAsync("root", "model-a");
        await harness.RegisterAsync("root", "model-b");
        await harness.As("root").Get<IPermissionService>().GrantAsync("bob", ResourceKind.RegisteredModel, "model-a", PermissionLevel.Read, Ct);
        var bob = harness.As("bob").Get<IModelRegistry>();

        (await bob.ListModelsAsync(Ct)).Select(m => m.Name).Should().Equal("model-a");
        (await bob.SearchModelsAsync(new ModelQuery(), Ct)).Models.Select(m => m.Name).Should().Equal("model-a");
        (await bob.FindVersionsByDatasetAsync(new string('0', 64), Ct)).Should().BeEmpty();
        (await harness.As("root").Get<IModelRegistry>().ListModelsAsync(Ct)).Should().HaveCount(2);
        (await EntriesAsync(harness, JournalKinds.PermissionDenied)).Should().BeEmpty();

        (await bob.LoadAsync(a.Uri, Ct)).Should().NotBeNull();
        var load = () => bob.LoadAsync("models:/model-b/1", Ct);
        (await load.Should().ThrowAsync<MlopsPermissionDeniedException>()).Which.Held.Should().Be(PermissionLevel.None);
    }

    [Fact]
    public async Task CachedLoad_IsDeniedOnceReadIsRevoked()
    {
        await using var harness = new GovernanceHarness(models, Enabled(o => o.DefaultLevel = PermissionLevel.None));
        var version = await harness.RegisterAsync("root");
        var permissions = harness.As("root").Get<IPermissionService>();
        await permissions.GrantAsync("bob", ResourceKind.RegisteredModel, "penguins", PermissionLevel.Read, Ct);
        var bob = harness.As("bob").Get<IModelRegistry>();
        await bob.LoadAsync(version.Uri, Ct);

        await permissions.RevokeAsync("bob", ResourceKind.RegisteredModel, "penguins", Ct);
        var load = () => bob.LoadAsync(version.Uri, Ct);

        await load.Should().ThrowAsync<MlopsPermissionDeniedException>("the loaded-model cache must not bypass a revocation");
    }
}
