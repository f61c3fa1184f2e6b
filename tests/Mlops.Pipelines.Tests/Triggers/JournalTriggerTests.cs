using Microsoft.Extensions.DependencyInjection;
using Mlops.Journal;
using Mlops.Pipelines.Triggers;
using Mlops.Storage;

namespace Mlops.Pipelines.Tests.Triggers;

public sealed class JournalTriggerTests : IAsyncLifetime
{
    private readonly TriggerHarness _harness = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    /// <summary>The entry serving appends when online drift crosses its threshold (ServedModel.JournalDriftChangeAsync).</summary>
    internal static JournalDraft Drift(string model, int version, double driftedShare) => new(
        JournalKinds.ServingDriftDetected, $"model/{model}/{version}", "serving-1", TriggerHarness.Start,
        JournalPayload.Create(("key", model), ("name", model), ("version", version), ("windowRows", 500), ("driftedShare", driftedShare),
            ("drifted", "BillLength (ks 0.41)"), ("instance", "serving-1")));

    private static JournalDraft Registered(string model, int version) => new(
        JournalKinds.ModelVersionRegistered, $"model/{model}/{version}", "trainer", TriggerHarness.Start,
        JournalPayload.Create(("name", model), ("version", version), ("flavor", "mlnet"), ("digest", new string('a', 64)), ("length", 10L),
            ("runId", "r1"), ("source", "upload"), ("actor", "trainer")));

    private static JournalDraft Approved(string model, string alias, string status) => new(
        JournalKinds.PromotionApproved, $"model/{model}/3", "approver", TriggerHarness.Start,
        JournalPayload.Create(("requestId", "req-1"), ("model", model), ("alias", alias), ("version", 3), ("status", status), ("comment", null),
            ("approver", "approver"), ("approvals", 1), ("required", 2)));

    [Fact]
    public async Task A_drift_event_over_threshold_triggers_the_pipeline_for_its_model_only()
    {
        var node = _harness.Create("node-1", p => p.AddDriftTrigger("on-drift", TriggerHarness.Pipeline, modelName: "penguins", minDriftedShare: 0.25));
        await node.StartAsync();
        var journal = node.Services.GetRequiredService<IJournalStore>();
        var caughtUp = await node.WaitForAsync(PipelineTriggerEventType.Waiting, "on-drift");

        var other = await journal.AppendJournalAsync(Drift("cars", 1, 0.5), TriggerHarness.Ct);
        var small = await journal.AppendJournalAsync(Drift("penguins", 2, 0.2), TriggerHarness.Ct);
        var drift = await journal.AppendJournalAsync(Drift("penguins", 2, 0.5), TriggerHarness.Ct);
        node.Time.Advance(TimeSpan.FromSeconds(1));

        var done = await node.WaitForAsync(PipelineTriggerEventType.Completed, "on-drift");
        done.WorkId.Should().Be($"journal/on-drift/{drift.Sequence}");
        done.Status.Should().Be(PipelineExecutionStatus.Succeeded);
        await node.WaitForAsync(PipelineTriggerEventType.Waiting, "on-drift", e => e.Position >= drift.Sequence);
        caughtUp.Position.Should().BeLessThan(other.Sequence);
        small.Sequence.Should().BeGreaterThan(other.Sequence);
        (await TriggerHarness.ClaimsAsync(node)).Select(c => c.Id).Should().Equal($"journal/on-drift/{drift.Sequence}");
        var execution = (await TriggerHarness.ExecutionsAsync(node)).Should().ContainSingle().Subject;
        execution.Tags[PipelineTags.TriggerKind].Should().Be(PipelineTriggerKinds.JournalEvent);
        execution.Tags[PipelineTags.TriggerDescription].Should().Be($"serving.drift.detected #{drift.Sequence} model/penguins/2");
        var triggered = (await TriggerHarness.TriggeredEntriesAsync(node)).Should().ContainSingle().Subject;
        triggered.Payload.Should().Contain("\"trigger\":\"on-drift\"").And.Contain($"\"entry\":{drift.Sequence}").And.Contain("\"instance\":\"node-1\"");
    }

    [Fact]
    public async Task Version_registered_and_approval_helpers_fire_only_on_their_filter()
    {
        var node = _harness.Create("node-1", p => p
            .AddModelVersionRegisteredTrigger("on-version", TriggerHarness.Pipeline, modelName: "penguins")
            .AddPromotionApprovedTrigger("on-approval", TriggerHarness.Pipeline, modelName: "penguins", alias: "champion"));
        await node.StartAsync();
        var journal = node.Services.GetRequiredService<IJournalStore>();
        await node.WaitForAsync(PipelineTriggerEventType.Waiting, "on-version");
        await node.WaitForAsync(PipelineTriggerEventType.Waiting, "on-approval");

        var cars = await journal.AppendJournalAsync(Registered("cars", 1), TriggerHarness.Ct);
        var penguins = await journal.AppendJournalAsync(Registered("penguins", 4), TriggerHarness.Ct);
        await journal.AppendJournalAsync(Approved("penguins", "champion", "pending"), TriggerHarness.Ct);
        await journal.AppendJournalAsync(Approved("penguins", "challenger", "approved"), TriggerHarness.Ct);
        await journal.AppendJournalAsync(Approved("cars", "champion", "approved"), TriggerHarness.Ct);
        var approved = await journal.AppendJournalAsync(Approved("penguins", "champion", "approved"), TriggerHarness.Ct);
        node.Time.Advance(TimeSpan.FromSeconds(1));

        await node.WaitForAsync(PipelineTriggerEventType.Completed, "on-version");
        await node.WaitForAsync(PipelineTriggerEventType.Completed, "on-approval");
        await node.WaitForAsync(PipelineTriggerEventType.Waiting, "on-version", e => e.Position >= approved.Sequence);
        await node.WaitForAsync(PipelineTriggerEventType.Waiting, "on-approval", e => e.Position >= approved.Sequence);
        cars.Sequence.Should().BeLessThan(penguins.Sequence);
        (await TriggerHarness.ClaimsAsync(node)).Select(c => c.Id).Should().BeEquivalentTo(
            $"journal/on-approval/{approved.Sequence}", $"journal/on-version/{penguins.Sequence}");
    }

    [Fact]
    public async Task Entries_journaled_while_every_instance_was_down_fire_after_a_restart()
    {
        var first = _harness.Create("node-1", p => p.AddDriftTrigger("on-drift", TriggerHarness.Pipeline));
        await first.StartAsync();
        await first.WaitForAsync(PipelineTriggerEventType.Waiting, "on-drift");
        await first.StopAsync();

        var journal = first.Services.GetRequiredService<IJournalStore>();
        var drift = await journal.AppendJournalAsync(Drift("penguins", 1, 0.5), TriggerHarness.Ct);

        var second = _harness.Create("node-2", p => p.AddDriftTrigger("on-drift", TriggerHarness.Pipeline));
        await second.StartAsync();
        var done = await second.WaitForAsync(PipelineTriggerEventType.Completed, "on-drift");
        done.WorkId.Should().Be($"journal/on-drift/{drift.Sequence}");
    }
}
