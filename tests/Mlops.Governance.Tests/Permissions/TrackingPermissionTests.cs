using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Journal;
using Mlops.Tracking;
using static Mlops.Governance.Tests.Permissions.PermissionSetup;

namespace Mlops.Governance.Tests.Permissions;

public sealed class TrackingPermissionTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PermissionsOff_AnyActorRunsInAnyExperiment()
    {
        await using var harness = new GovernanceHarness(models);
        await using (await harness.As("alice").Get<IExperimentTracker>().StartRunAsync("penguins", cancellationToken: Ct))
        {
        }

        var bob = harness.As("bob").Get<IExperimentTracker>();
        await using (var run = await bob.StartRunAsync("penguins", cancellationToken: Ct))
        {
            await run.LogParamAsync("trainer", "sdca", Ct);
        }

        (await bob.ListExperimentsAsync(Ct)).Should().ContainSingle();
        (await EntriesAsync(harness, JournalKinds.PermissionDenied)).Should().BeEmpty();
    }

    [Fact]
    public async Task StartRun_WithoutEdit_IsDeniedAndJournaled()
    {
        await using var harness = new GovernanceHarness(models, Enabled());
        await using (await harness.As("root").Get<IExperimentTracker>().StartRunAsync("penguins", cancellationToken: Ct))
        {
        }

        var bob = harness.As("bob").Get<IExperimentTracker>();
        var start = () => bob.StartRunAsync("penguins", cancellationToken: Ct);

        var denied = (await start.Should().ThrowAsync<MlopsPermissionDeniedException>()).Which;
        denied.Message.Should().Be("'bob' needs Edit permission on experiment 'penguins' and holds Read.");
        var entry = (await EntriesAsync(harness, JournalKinds.PermissionDenied)).Should().ContainSingle().Subject;
        (entry.Subject, entry.Actor).Should().Be(("experiment/penguins", "bob"));
        JsonDocument.Parse(entry.Payload).RootElement.GetProperty("operation").GetString().Should().Be(nameof(IExperimentTracker.StartRunAsync));
        (await EntriesAsync(harness, JournalKinds.RunCreated)).Should().ContainSingle("bob's run was never created");
    }

    [Fact]
    public async Task NewExperiment_NeedsEditOnItsName_ButReadingAnExistingOneNeedsRead()
    {
        await using var harness = new GovernanceHarness(models, Enabled());
        await harness.As("root").Get<IExperimentTracker>().GetOrCreateExperimentAsync("shared", Ct);
        var bob = harness.As("bob").Get<IExperimentTracker>();

        (await bob.GetOrCreateExperimentAsync("shared", Ct)).CreatedBy.Should().Be("root");
        var create = () => bob.GetOrCreateExperimentAsync("bobs-experiment", Ct);

        (await create.Should().ThrowAsync<MlopsPermissionDeniedException>()).Which.Required.Should().Be(PermissionLevel.Edit);
        (await bob.ListExperimentsAsync(Ct)).Select(e => e.Name).Should().Equal("shared");
    }

    [Fact]
    public async Task CreatorOfAnExperiment_MayGrantOthers()
    {
        await using var harness = new GovernanceHarness(models, Enabled(o => o.DefaultLevel = PermissionLevel.Edit));
        await harness.As("alice").Get<IExperimentTracker>().GetOrCreateExperimentAsync("alices", Ct);

        await harness.As("alice").Get<IPermissionService>().GrantAsync("bob", ResourceKind.Experiment, "alices", PermissionLevel.Manage, Ct);
        var carol = () => harness.As("carol").Get<IPermissionService>().GrantAsync("dave", ResourceKind.Experiment, "alices", PermissionLevel.Manage, Ct);

        (await carol.Should().ThrowAsync<MlopsPermissionDeniedException>()).Which.Held.Should().Be(PermissionLevel.Edit);
        (await harness.As("root").Get<IPermissionService>().GetEffectiveLevelAsync("bob", ResourceKind.Experiment, "alices", Ct)).Should().Be(PermissionLevel.Manage);
    }

    [Fact]
    public async Task OpenRunScope_KeepsLogging_AfterEditIsRevoked_AndTheNextStartIsDenied()
    {
        await using var harness = new GovernanceHarness(models, Enabled());
        await harness.As("root").Get<IExperimentTracker>().GetOrCreateExperimentAsync("penguins", Ct);
        var permissions = harness.As("root").Get<IPermissionService>();
        await permissions.GrantAsync("bob", ResourceKind.Experiment, "penguins", PermissionLevel.Edit, Ct);
        var bob = harness.As("bob").Get<IExperimentTracker>();

        string runId;
        await using (var run = await bob.StartRunAsync("penguins", cancellationToken: Ct))
        {
            runId = run.RunId;
            await permissions.RevokeAsync("bob", ResourceKind.Experiment, "penguins", Ct);

            // Checked when the scope opened, never per value: the hot path stays free of permission checks.
            for (var step = 0; step < 10; step++)
            {
                run.LogMetric("loss", 1.0 / (step + 1), step);
            }

            await run.LogParamAsync("trainer", "sdca", Ct);
            await run.FlushAsync(Ct);
        }

        (await bob.GetMetricHistoryAsync(runId, "loss", Ct)).Should().HaveCount(10);
        (await bob.GetRunAsync(runId, Ct)).Params.Should().ContainKey("trainer");
        await FluentActions.Invoking(() => bob.StartRunAsync("penguins", cancellationToken: Ct)).Should().ThrowAsync<MlopsPermissionDeniedException>();
        await FluentActions.Invoking(() => bob.ResumeRunAsync(runId, Ct)).Should().ThrowAsync<MlopsPermissionDeniedException>();
    }

    [Fact]
    public async Task ReadsOfRuns_NeedRead_AndSearchesLeaveOutUnreadableExperiments()
    {
        await using var harness = new GovernanceHarness(models, Enabled(o => o.DefaultLevel = PermissionLevel.None));
        var root = harness.As("root").Get<IExperimentTracker>();
        string secretRun;
        await using (var run = await root.StartRunAsync("secret", cancellationToken: Ct))
        {
            secretRun = run.RunId;
            await run.LogTextAsync("notes.txt", "private", Ct);
        }

        await using (await root.StartRunAsync("open", cancellationToken: Ct))
        {
        }

        await harness.As("root").Get<IPermissionService>().GrantAsync("bob", ResourceKind.Experiment, "open", PermissionLevel.Read, Ct);
        var bob = harness.As("bob").Get<IExperimentTracker>();

        (await bob.ListExperimentsAsync(Ct)).Select(e => e.Name).Should().Equal("open");
        (await bob.SearchRunsAsync(new RunQuery { ExperimentNames = ["open", "secret"] }, Ct)).Runs.Should().ContainSingle()
            .Which.Info.ExperimentId.Should().NotBe((await root.GetRunAsync(secretRun, Ct)).Info.ExperimentId);
        (await bob.SearchRunsAsync(new RunQuery { ExperimentNames = ["secret"] }, Ct)).Runs.Should().BeEmpty();
        (await EntriesAsync(harness, JournalKinds.PermissionDenied)).Should().BeEmpty("filtering is not a denial");

        await FluentActions.Invoking(() => bob.GetRunAsync(secretRun, Ct)).Should().ThrowAsync<MlopsPermissionDeniedException>();
        await FluentActions.Invoking(() => bob.OpenArtifactAsync(secretRun, "notes.txt", Ct)).Should().ThrowAsync<MlopsPermissionDeniedException>();
        await FluentActions.Invoking(() => bob.GetMetricHistoryAsync(secretRun, "loss", Ct)).Should().ThrowAsync<MlopsPermissionDeniedException>();
        (await EntriesAsync(harness, JournalKinds.PermissionDenied)).Should().HaveCount(3).And.OnlyContain(e => e.Subject == "experiment/secret");
    }

    [Fact]
    public async Task RegisteringFromARun_NeedsReadOnItsExperiment()
    {
        await using var harness = new GovernanceHarness(models, Enabled(o => o.DefaultLevel = PermissionLevel.None));
        string runId;
        await using (var run = await harness.As("root").Get<IExperimentTracker>().StartRunAsync("secret", cancellationToken: Ct))
        {
            runId = run.RunId;
        }

        await harness.As("root").Get<IPermissionService>().GrantAsync("bob", ResourceKind.RegisteredModel, "penguins", PermissionLevel.Edit, Ct);
        var register = () => harness.As("bob").GetRequiredService<Registry.IModelRegistry>().RegisterVersionFromRunAsync("penguins", $"runs:/{runId}/model", cancellationToken: Ct);

        var denied = (await register.Should().ThrowAsync<MlopsPermissionDeniedException>()).Which;
        (denied.Kind, denied.ResourceName).Should().Be((ResourceKind.Experiment, "secret"));
    }
}
