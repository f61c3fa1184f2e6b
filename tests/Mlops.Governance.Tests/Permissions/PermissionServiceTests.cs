using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Mlops.Journal;
using Mlops.Registry;
using static Mlops.Governance.Tests.Permissions.PermissionSetup;

namespace Mlops.Governance.Tests.Permissions;

public sealed class PermissionServiceTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Grant_IsStoredAsARecord_AndJournaledWithThePreviousLevel()
    {
        await using var harness = new GovernanceHarness(models, Enabled());
        var provider = harness.As("root");
        var permissions = provider.Get<IPermissionService>();

        await permissions.GrantAsync("bob", ResourceKind.RegisteredModel, "penguins", PermissionLevel.Read, Ct);
        var grant = await permissions.GrantAsync("bob", ResourceKind.RegisteredModel, "penguins", PermissionLevel.Edit, Ct);
        await permissions.GrantAsync("bob", ResourceKind.RegisteredModel, "penguins", PermissionLevel.Edit, Ct);

        grant.Should().BeEquivalentTo(new { Principal = "bob", Kind = ResourceKind.RegisteredModel, ResourceName = "penguins", Level = PermissionLevel.Edit, UpdatedBy = "root" });
        var record = await harness.Store(provider).GetGovernanceRecordAsync(GovernanceRecordKinds.Permission, "bob|RegisteredModel|penguins", Ct);
        record.Should().NotBeNull();
        record!.Revision.Should().Be(2, "granting the same level again changes nothing");
        var entries = await EntriesAsync(harness, JournalKinds.PermissionGranted);
        entries.Should().HaveCount(2).And.OnlyContain(e => e.Subject == "model/penguins" && e.Actor == "root");
        var last = JsonDocument.Parse(entries[^1].Payload).RootElement;
        (last.GetProperty("level").GetString(), last.GetProperty("previousLevel").GetString()).Should().Be(("Edit", "Read"));
    }

    [Fact]
    public async Task Grant_WithoutManage_IsDeniedAndJournaled()
    {
        await using var harness = new GovernanceHarness(models, Enabled());
        await harness.RegisterAsync("root");
        var grant = () => harness.As("bob").Get<IPermissionService>().GrantAsync("bob", ResourceKind.RegisteredModel, "penguins", PermissionLevel.Manage, Ct);

        (await grant.Should().ThrowAsync<MlopsPermissionDeniedException>()).Which.Required.Should().Be(PermissionLevel.Manage);
        (await LastDenialAsync(harness)).GetProperty("operation").GetString().Should().Be("grant permission");
        (await harness.As("root").Get<IPermissionService>().ListAsync(cancellationToken: Ct)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("bob", PermissionLevel.None, "permission level")]
    [InlineData("a|b", PermissionLevel.Read, "principal")]
    [InlineData("role:", PermissionLevel.Read, "principal")]
    [InlineData(" bob", PermissionLevel.Read, "principal")]
    public async Task Grant_RejectsInvalidInput_BeforeAnythingIsWritten(string principal, PermissionLevel level, string field)
    {
        await using var harness = new GovernanceHarness(models, Enabled());
        var grant = () => harness.As("root").Get<IPermissionService>().GrantAsync(principal, ResourceKind.RegisteredModel, "penguins", level, Ct);

        (await grant.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be(field);
        (await harness.JournalAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task EffectiveLevel_IsTheHighestOfDefaultGrantsAndRoles()
    {
        await using var harness = new GovernanceHarness(models, Enabled(o => o.DefaultLevel = PermissionLevel.None));
        var permissions = harness.As("root").Get<IPermissionService>();
        await permissions.GrantAsync("carol", ResourceKind.RegisteredModel, "penguins", PermissionLevel.Read, Ct);
        await permissions.GrantAsync("role:ml-leads", ResourceKind.RegisteredModel, "penguins", PermissionLevel.Manage, Ct);
        await permissions.GrantAsync("*", ResourceKind.RegisteredModel, "penguins", PermissionLevel.Edit, Ct);

        (await permissions.GetEffectiveLevelAsync("carol", ResourceKind.RegisteredModel, "penguins", Ct)).Should().Be(PermissionLevel.Manage);
        (await permissions.GetEffectiveLevelAsync("dave", ResourceKind.RegisteredModel, "penguins", Ct)).Should().Be(PermissionLevel.Edit);
        (await permissions.GetEffectiveLevelAsync("dave", ResourceKind.RegisteredModel, "other", Ct)).Should().Be(PermissionLevel.None);
        (await permissions.GetEffectiveLevelAsync("dave", ResourceKind.Experiment, "penguins", Ct)).Should().Be(PermissionLevel.None, "grants are per kind");
    }

    [Fact]
    public async Task List_FiltersByKindAndResource_AndHidesUnreadableResources()
    {
        await using var harness = new GovernanceHarness(models, Enabled(o => o.DefaultLevel = PermissionLevel.None));
        var permissions = harness.As("root").Get<IPermissionService>();
        await permissions.GrantAsync("bob", ResourceKind.RegisteredModel, "model-a", PermissionLevel.Read, Ct);
        await permissions.GrantAsync("carol", ResourceKind.RegisteredModel, "model-b", PermissionLevel.Edit, Ct);
        await permissions.GrantAsync("bob", ResourceKind.Experiment, "model-a", PermissionLevel.Edit, Ct);

        (await permissions.ListAsync(cancellationToken: Ct)).Should().HaveCount(3);
        (await permissions.ListAsync(ResourceKind.RegisteredModel, cancellationToken: Ct)).Select(g => g.ResourceName).Should().Equal("model-a", "model-b");
        (await permissions.ListAsync(ResourceKind.RegisteredModel, "model-b", Ct)).Should().ContainSingle().Which.Principal.Should().Be("carol");
        (await harness.As("bob").Get<IPermissionService>().ListAsync(cancellationToken: Ct))
            .Select(g => (g.Kind, g.ResourceName)).Should().Equal((ResourceKind.Experiment, "model-a"), (ResourceKind.RegisteredModel, "model-a"));
    }

    [Fact]
    public async Task RefreshInterval_DelaysChangesMadeByAnotherApp_ButNotByThisOne()
    {
        await using var harness = new GovernanceHarness(models, Enabled(o => o.RefreshInterval = TimeSpan.FromMinutes(1)));
        var version = await harness.RegisterAsync("root");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var bobApp = harness.As("bob", extra: s => s.AddSingleton<TimeProvider>(time));
        var bob = bobApp.Get<IModelRegistry>();
        var rootPermissions = harness.As("root").Get<IPermissionService>();
        await rootPermissions.GrantAsync("bob", ResourceKind.RegisteredModel, "penguins", PermissionLevel.Edit, Ct);

        await bob.SetVersionTagAsync("penguins", version.Version, "step", "1", Ct);
        await rootPermissions.RevokeAsync("bob", ResourceKind.RegisteredModel, "penguins", Ct);
        await bob.SetVersionTagAsync("penguins", version.Version, "step", "2", Ct);

        time.Advance(TimeSpan.FromMinutes(1));
        await FluentActions.Invoking(() => bob.SetVersionTagAsync("penguins", version.Version, "step", "3", Ct)).Should().ThrowAsync<MlopsPermissionDeniedException>();
        (await bob.GetVersionAsync("penguins", version.Version, Ct)).Tags["step"].Should().Be("2");
    }

    [Fact]
    public async Task RefreshInterval_DoesNotDelayChangesMadeThroughThisApp()
    {
        await using var harness = new GovernanceHarness(models, Enabled(o => o.RefreshInterval = TimeSpan.FromMinutes(1)));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var permissions = harness.As("root", extra: s => s.AddSingleton<TimeProvider>(time)).Get<IPermissionService>();
        (await permissions.GetEffectiveLevelAsync("bob", ResourceKind.RegisteredModel, "penguins", Ct)).Should().Be(PermissionLevel.Read);

        await permissions.GrantAsync("bob", ResourceKind.RegisteredModel, "penguins", PermissionLevel.Manage, Ct);
        (await permissions.GetEffectiveLevelAsync("bob", ResourceKind.RegisteredModel, "penguins", Ct)).Should().Be(PermissionLevel.Manage);

        await permissions.RevokeAsync("bob", ResourceKind.RegisteredModel, "penguins", Ct);
        (await permissions.GetEffectiveLevelAsync("bob", ResourceKind.RegisteredModel, "penguins", Ct)).Should().Be(PermissionLevel.Read);
    }

    [Fact]
    public async Task Options_RejectEmptyAdministratorPrincipals()
    {
        await using var harness = new GovernanceHarness(models, Enabled(o => o.Administrators.Add(" ")));
        var provider = harness.As("root");

        var start = () => provider.Get<Microsoft.Extensions.Options.IOptions<PermissionOptions>>().Value;

        start.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().Which.Message.Should().Contain(nameof(PermissionOptions.Administrators));
    }

    [Fact]
    public async Task Options_AreValidatedAtStart()
    {
        await using var harness = new GovernanceHarness(models, Enabled(o => o.RefreshInterval = TimeSpan.FromDays(2)));
        var provider = harness.As("root");

        var start = () => provider.Get<Microsoft.Extensions.Options.IOptions<PermissionOptions>>().Value;

        start.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().Which.Message.Should().Contain(nameof(PermissionOptions.RefreshInterval));
    }
}
