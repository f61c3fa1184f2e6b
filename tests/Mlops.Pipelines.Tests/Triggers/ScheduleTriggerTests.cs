using Microsoft.Extensions.DependencyInjection;
using Mlops.Pipelines.Triggers;

namespace Mlops.Pipelines.Tests.Triggers;

public sealed class ScheduleTriggerTests : IAsyncLifetime
{
    private readonly TriggerHarness _harness = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task A_cron_schedule_fires_exactly_at_each_tick_and_not_before()
    {
        var node = _harness.Create("node-1", p => p.AddSchedule("every-5-min", "*/5 * * * *", TriggerHarness.Pipeline));
        await node.StartAsync();
        DateTimeOffset[] ticks = [new(2026, 11, 28, 0, 5, 0, TimeSpan.Zero), new(2026, 11, 28, 0, 10, 0, TimeSpan.Zero), new(2026, 11, 28, 0, 15, 0, TimeSpan.Zero)];

        foreach (var tick in ticks)
        {
            await node.AdvanceWhenWaitingAsync("every-5-min", tick, tick - TimeSpan.FromMilliseconds(1));
            node.Time.SetUtcNow(tick);
            var done = await node.WaitForAsync(PipelineTriggerEventType.Completed, "every-5-min", e => e.WorkId == $"schedule/every-5-min/{tick:yyyy-MM-dd'T'HH:mm:ss'Z'}");
            done.Status.Should().Be(PipelineExecutionStatus.Succeeded);
        }

        var claimed = node.Monitor.Events.Where(e => e.Type == PipelineTriggerEventType.Claimed).ToList();
        claimed.Select(e => e.At).Should().Equal(ticks, "each tick is claimed when the clock reaches it, never a millisecond before");
        var executions = await TriggerHarness.ExecutionsAsync(node);
        executions.Select(r => r.Tags[PipelineTags.TriggerDescription]).Should().Equal(
            ticks.Select(t => $"cron */5 * * * * tick {t:yyyy-MM-dd'T'HH:mm:ss'Z'}"));
        executions.Should().OnlyContain(r => r.Tags[PipelineTags.TriggerKind] == PipelineTriggerKinds.Schedule && r.Tags[PipelineTags.TriggerName] == "every-5-min");
        (await TriggerHarness.TriggeredEntriesAsync(node)).Should().HaveCount(3);
    }

    [Fact]
    public async Task Ticks_passed_in_one_clock_jump_each_fire_once_in_order_with_the_seconds_format_and_a_time_zone()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"); // UTC+1 in November
        var node = _harness.Create("node-1", p => p.AddSchedule("every-20-s", "*/20 * 1 * * *", TriggerHarness.Pipeline, o =>
        {
            o.TimeZone = zone;
            o.AllowOverlap = true; // the ticks come faster than the executions finish here
        }));
        await node.StartAsync();
        // 01:00:00 to 01:59:40 Paris time is 00:00 to 00:59:40 UTC; the first tick after 00:00:30 UTC is 00:00:40.
        var first = new DateTimeOffset(2026, 11, 28, 0, 0, 40, TimeSpan.Zero);
        await node.AdvanceWhenWaitingAsync("every-20-s", first, first + TimeSpan.FromSeconds(45));
        var third = first + TimeSpan.FromSeconds(40);
        await node.WaitForAsync(PipelineTriggerEventType.Waiting, "every-20-s", e => e.NextDue == third + TimeSpan.FromSeconds(20));
        await Task.WhenAll(node.Monitor.Events.Where(e => e.Type == PipelineTriggerEventType.Claimed).Select(e =>
            node.WaitForAsync(PipelineTriggerEventType.Completed, "every-20-s", c => c.WorkId == e.WorkId)));

        var claims = await TriggerHarness.ClaimsAsync(node, "schedule/every-20-s/");
        claims.Select(c => c.Id).Should().Equal("schedule/every-20-s/2026-11-28T00:00:40Z", "schedule/every-20-s/2026-11-28T00:01:00Z", "schedule/every-20-s/2026-11-28T00:01:20Z");
        (await TriggerHarness.ExecutionsAsync(node)).Should().HaveCount(3);
    }

    [Fact]
    public async Task A_tick_is_skipped_while_the_previous_tick_still_runs_and_allowed_with_overlap()
    {
        var hold = new TaskCompletionSource();
        var node = _harness.Create("node-1", p => p
            .AddSchedule("no-overlap", "* * * * *", TriggerHarness.Pipeline)
            .AddSchedule("overlap", "* * * * *", TriggerHarness.Pipeline, o => o.AllowOverlap = true), hold: hold.Task);
        await node.StartAsync();
        var t1 = new DateTimeOffset(2026, 11, 28, 0, 1, 0, TimeSpan.Zero);
        var t2 = t1.AddMinutes(1);
        await node.WaitForAsync(PipelineTriggerEventType.Waiting, "overlap", e => e.NextDue == t1);
        await node.AdvanceWhenWaitingAsync("no-overlap", t1, t1);
        await node.WaitForAsync(PipelineTriggerEventType.Claimed, "no-overlap");
        await node.WaitForAsync(PipelineTriggerEventType.Claimed, "overlap");
        await node.WaitForAsync(PipelineTriggerEventType.Waiting, "overlap", e => e.NextDue == t2);
        await node.AdvanceWhenWaitingAsync("no-overlap", t2, t2);

        var skipped = await node.WaitForAsync(PipelineTriggerEventType.Skipped, "no-overlap");
        skipped.WorkId.Should().Be("schedule/no-overlap/2026-11-28T00:02:00Z");
        skipped.Detail.Should().Contain("schedule/no-overlap/2026-11-28T00:01:00Z is still running");
        await node.WaitForAsync(PipelineTriggerEventType.Claimed, "overlap", e => e.WorkId == "schedule/overlap/2026-11-28T00:02:00Z");
        hold.SetResult();
        await node.WaitForAsync(PipelineTriggerEventType.Completed, "overlap", e => e.WorkId == "schedule/overlap/2026-11-28T00:02:00Z");
        await node.WaitForAsync(PipelineTriggerEventType.Completed, "no-overlap");
        (await TriggerHarness.ClaimsAsync(node, "schedule/no-overlap/")).Should().ContainSingle();
    }
}
