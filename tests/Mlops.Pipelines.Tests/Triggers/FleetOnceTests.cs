using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Mlops.Pipelines.Triggers;
using Mlops.Storage;
using Mlops.Tracking;

namespace Mlops.Pipelines.Tests.Triggers;

/// <summary>Instances sharing one SQLite file: one execution per unit of work, and a takeover when the holder dies.</summary>
public sealed class FleetOnceTests : IAsyncLifetime
{
    private readonly TriggerHarness _harness = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task Two_instances_on_one_SQLite_file_run_one_execution_per_tick_and_per_event()
    {
        var time = new FakeTimeProvider(TriggerHarness.Start);
        void Triggers(PipelinesBuilder p) => p.AddSchedule("minutely", "* * * * *", TriggerHarness.Pipeline).AddDriftTrigger("on-drift", TriggerHarness.Pipeline);
        TriggerInstance[] nodes = [_harness.Create("node-1", Triggers, time), _harness.Create("node-2", Triggers, time)];
        foreach (var node in nodes)
        {
            await node.StartAsync();
        }

        var work = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            var tick = new DateTimeOffset(2026, 11, 28, 0, i, 0, TimeSpan.Zero);
            foreach (var node in nodes)
            {
                await node.WaitForAsync(PipelineTriggerEventType.Waiting, "minutely", e => e.NextDue == tick);
            }

            time.SetUtcNow(tick);
            work.Add($"schedule/minutely/{tick:yyyy-MM-dd'T'HH:mm:ss'Z'}");
            await BothDecidedAsync(nodes, "minutely", work[^1]);
        }

        // The journal poll's round after the last clock jump: its next timer is then due a second from now, so the
        // Advance below fires it (an earlier Waiting would leave a round in flight whose timer is set after the Advance).
        foreach (var node in nodes)
        {
            await node.WaitForAsync(PipelineTriggerEventType.Waiting, "on-drift", e => e.At == time.GetUtcNow());
        }

        var drift = await nodes[0].Services.GetRequiredService<IJournalStore>().AppendJournalAsync(JournalTriggerTests.Drift("penguins", 1, 0.5), TriggerHarness.Ct);
        time.Advance(TimeSpan.FromSeconds(1));
        work.Add($"journal/on-drift/{drift.Sequence}");
        await BothDecidedAsync(nodes, "on-drift", work[^1]);

        var executions = await TriggerHarness.ExecutionsAsync(nodes[0]);
        executions.Select(r => r.Tags["mlops.pipeline.trigger.work"]).Should().BeEquivalentTo(work, "one execution per tick and per event");
        executions.Should().OnlyContain(r => r.Info.Status == RunStatus.Finished);
        (await TriggerHarness.TriggeredEntriesAsync(nodes[0])).Should().HaveCount(work.Count);
        var claims = await TriggerHarness.ClaimsAsync(nodes[0]);
        claims.Select(c => c.Id).Should().BeEquivalentTo(work);
        claims.Select(c => JsonDocument.Parse(c.Json).RootElement.GetProperty("status").GetString()).Should().OnlyContain(s => s == "succeeded");
    }

    /// <summary>Each node either claimed the work (and then completed it) or saw it claimed by the other; exactly one claimed.</summary>
    private static async Task BothDecidedAsync(TriggerInstance[] nodes, string trigger, string workId)
    {
        var decisions = await Task.WhenAll(nodes.Select(n => n.WaitForAsync(null, trigger,
            e => e.WorkId == workId && e.Type is PipelineTriggerEventType.Claimed or PipelineTriggerEventType.ClaimedElsewhere)));
        decisions.Count(d => d.Type == PipelineTriggerEventType.Claimed).Should().Be(1, $"exactly one instance claims {workId}");
        var winner = nodes[Array.FindIndex(decisions, d => d.Type == PipelineTriggerEventType.Claimed)];
        await winner.WaitForAsync(PipelineTriggerEventType.Completed, trigger, e => e.WorkId == workId);
    }

    [Fact]
    public async Task When_the_holder_dies_mid_execution_another_instance_takes_the_claim_over_after_the_lease_and_resumes_the_run()
    {
        var lease = TimeSpan.FromMinutes(2);
        var never = new TaskCompletionSource();
        // node-1's clock stops once it holds the claim: it renews nothing any more, as if its process had died.
        var dead = _harness.Create("node-1", p => p.AddSchedule("minutely", "* * * * *", TriggerHarness.Pipeline), lease: lease, hold: never.Task);
        var alive = _harness.Create("node-2", p => p.AddSchedule("minutely", "* * * * *", TriggerHarness.Pipeline), lease: lease);
        await dead.StartAsync();
        await alive.StartAsync();
        var tick = new DateTimeOffset(2026, 11, 28, 0, 1, 0, TimeSpan.Zero);
        var workId = "schedule/minutely/2026-11-28T00:01:00Z";

        await dead.AdvanceWhenWaitingAsync("minutely", tick, tick);
        await dead.WaitForAsync(PipelineTriggerEventType.Claimed, "minutely", e => e.WorkId == workId);
        await dead.Entered; // the execution runs its second step, and its run id is in the claim
        var store = alive.Services.GetRequiredService<IGovernanceStore>();
        var held = JsonDocument.Parse((await store.GetGovernanceRecordAsync(PipelineTriggerRecordKinds.Claim, workId, TriggerHarness.Ct))!.Json).RootElement;
        var firstRun = held.GetProperty("runId").GetString()!;
        held.GetProperty("instance").GetString().Should().Be("node-1");

        await alive.AdvanceWhenWaitingAsync("minutely", tick, tick);
        await alive.WaitForAsync(PipelineTriggerEventType.ClaimedElsewhere, "minutely", e => e.WorkId == workId);
        alive.Time.Advance(lease - TimeSpan.FromSeconds(1));
        await alive.WaitForAsync(PipelineTriggerEventType.Waiting, null, e => e.At >= tick + lease - TimeSpan.FromSeconds(1));
        alive.Monitor.Events.Should().NotContain(e => e.Type == PipelineTriggerEventType.TakenOver, "the lease has not run out yet");

        alive.Time.Advance(TimeSpan.FromSeconds(41));
        var taken = await alive.WaitForAsync(PipelineTriggerEventType.TakenOver, "minutely");
        taken.WorkId.Should().Be(workId);
        taken.RunId.Should().Be(firstRun);
        var done = await alive.WaitForAsync(PipelineTriggerEventType.Completed, "minutely", e => e.WorkId == workId);
        done.Status.Should().Be(PipelineExecutionStatus.Succeeded);

        var tracker = alive.Services.GetRequiredService<IExperimentTracker>();
        var resumed = await tracker.GetRunAsync(done.RunId!, TriggerHarness.Ct);
        resumed.Tags[PipelineTags.ResumedFrom].Should().Be(firstRun);
        (await tracker.GetRunAsync(firstRun, TriggerHarness.Ct)).Info.Status.Should().Be(RunStatus.Killed, "the abandoned execution is ended as killed");
        var claim = JsonDocument.Parse((await store.GetGovernanceRecordAsync(PipelineTriggerRecordKinds.Claim, workId, TriggerHarness.Ct))!.Json).RootElement;
        claim.GetProperty("status").GetString().Should().Be("succeeded");
        claim.GetProperty("instance").GetString().Should().Be("node-2");
        claim.GetProperty("runId").GetString().Should().Be(done.RunId);
        claim.GetProperty("previousInstances").EnumerateArray().Select(e => e.GetString()).Should().Equal("node-1");
        var triggered = (await TriggerHarness.TriggeredEntriesAsync(alive)).Where(e => e.Payload.Contains($"\"work\":\"{workId}\"")).ToList();
        triggered.Should().HaveCount(2, "the claim and the takeover are each journaled");
        triggered[0].Actor.Should().Be("node-1");
        triggered[1].Payload.Should().Contain("\"takenOverFrom\":\"node-1\"").And.Contain("\"instance\":\"node-2\"");
        (await store.GetGovernanceRecordAsync(PipelineTriggerRecordKinds.Active, workId, TriggerHarness.Ct)).Should().BeNull("the ended work is no longer active");

        // The dead instance comes back to life and stops: its execution is cancelled and it records nothing over node-2's claim.
        await dead.StopAsync();
        (await dead.WaitForAsync(PipelineTriggerEventType.Released, "minutely")).Detail.Should().Contain("lost");
        JsonDocument.Parse((await store.GetGovernanceRecordAsync(PipelineTriggerRecordKinds.Claim, workId, TriggerHarness.Ct))!.Json)
            .RootElement.GetProperty("instance").GetString().Should().Be("node-2");
    }
}
