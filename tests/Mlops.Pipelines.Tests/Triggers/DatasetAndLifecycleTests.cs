using Microsoft.Extensions.DependencyInjection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mlops.Pipelines.Triggers;
using Mlops.Storage;

namespace Mlops.Pipelines.Tests.Triggers;

public sealed class DatasetAndLifecycleTests : IAsyncLifetime
{
    private readonly TriggerHarness _harness = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public async Task A_dataset_trigger_fires_once_per_new_digest_across_two_instances()
    {
        var file = Path.Combine(_harness.Root, "penguins.csv");
        await File.WriteAllTextAsync(file, "a,b\n1,2\n", TriggerHarness.Ct);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TriggerHarness.Start);
        void Triggers(PipelinesBuilder p) => p.AddDatasetTrigger("penguins-data", TriggerHarness.Pipeline, file, TimeSpan.FromMinutes(1));
        TriggerInstance[] nodes = [_harness.Create("node-1", Triggers, time), _harness.Create("node-2", Triggers, time)];
        foreach (var node in nodes)
        {
            await node.StartAsync();
        }

        // Both nodes checked the file at the current time; a digest new to the fleet was claimed by one of them, which ran
        // it to the end before the clock moves on (the clock never moves under a running execution here).
        async Task CheckedAsync(string content, bool claimed)
        {
            foreach (var node in nodes)
            {
                await node.WaitForAsync(PipelineTriggerEventType.Waiting, "penguins-data", e => e.Detail == Sha256(content) && e.At == time.GetUtcNow());
            }

            var id = $"dataset/penguins-data/{Sha256(content)}";
            var winners = nodes.Where(n => n.Monitor.Events.Any(e => e.Type == PipelineTriggerEventType.Claimed && e.WorkId == id && e.At == time.GetUtcNow())).ToList();
            winners.Should().HaveCount(claimed ? 1 : 0, $"{id} is {(claimed ? "new: claimed once" : "not new: not claimed again")}");
            foreach (var winner in winners)
            {
                (await winner.WaitForAsync(PipelineTriggerEventType.Completed, "penguins-data", e => e.WorkId == id)).Status.Should().Be(PipelineExecutionStatus.Succeeded);
            }
        }

        await CheckedAsync("a,b\n1,2\n", claimed: true);
        await File.WriteAllTextAsync(file, "a,b\n1,3\n", TriggerHarness.Ct); // one byte changed
        time.Advance(TimeSpan.FromMinutes(1));
        await CheckedAsync("a,b\n1,3\n", claimed: true);
        await File.WriteAllTextAsync(file, "a,b\n1,2\n", TriggerHarness.Ct); // back to content already seen
        time.Advance(TimeSpan.FromMinutes(1));
        await CheckedAsync("a,b\n1,2\n", claimed: false);
        time.Advance(TimeSpan.FromMinutes(1)); // unchanged
        await CheckedAsync("a,b\n1,2\n", claimed: false);

        string[] expected = [$"dataset/penguins-data/{Sha256("a,b\n1,2\n")}", $"dataset/penguins-data/{Sha256("a,b\n1,3\n")}"];
        (await TriggerHarness.ClaimsAsync(nodes[0])).Select(c => c.Id).Should().BeEquivalentTo(expected);
        var executions = await TriggerHarness.ExecutionsAsync(nodes[0]);
        executions.Select(r => r.Tags[PipelineTags.TriggerDescription]).Should().BeEquivalentTo(expected.Select(id => $"{file} sha256 {id.Split('/')[^1]}"));
    }

    [Theory]
    [InlineData("* * *", "cron expression", "needs 5 fields")]
    [InlineData("61 * * * *", "cron expression", "does not parse")]
    [InlineData("* * * * * * *", "cron expression", "it has 7")]
    public async Task A_bad_cron_expression_fails_the_start_with_a_clear_error(string cron, string field, string rule)
    {
        var node = _harness.Create("node-1", p => p.AddSchedule("nightly", cron, TriggerHarness.Pipeline));
        var start = () => node.StartAsync();
        var error = (await start.Should().ThrowAsync<MlopsValidationException>()).Which;
        error.Field.Should().Be(field);
        error.Message.Should().Contain("nightly").And.Contain(rule).And.Contain(cron);
    }

    [Fact]
    public async Task Bad_trigger_names_duplicates_and_unknown_pipelines_fail_the_start()
    {
        async Task<MlopsValidationException> Refused(Action<PipelinesBuilder> triggers)
        {
            var node = _harness.Create("node-x", triggers);
            var start = () => node.StartAsync();
            return (await start.Should().ThrowAsync<MlopsValidationException>()).Which;
        }

        (await Refused(p => p.AddSchedule("night ly!", "0 2 * * *", TriggerHarness.Pipeline))).Field.Should().Be("trigger name");
        var duplicate = await Refused(p => p.AddSchedule("nightly", "0 2 * * *", TriggerHarness.Pipeline).AddDriftTrigger("nightly", TriggerHarness.Pipeline));
        duplicate.Message.Should().Contain("registered twice");
        var unknown = await Refused(p => p.AddSchedule("nightly", "0 2 * * *", "no-such-pipeline"));
        unknown.Field.Should().Be("pipeline name");
        unknown.Message.Should().Contain("no-such-pipeline").And.Contain("registered: retrain");
        var dataset = await Refused(p => p.AddDatasetTrigger("data", TriggerHarness.Pipeline, "x.csv", TimeSpan.Zero));
        dataset.Field.Should().Be("dataset check interval");
        var builder = () => _harness.Create("node-y", p => p.AddDriftTrigger("drift", TriggerHarness.Pipeline, minDriftedShare: 1.5));
        builder.Should().Throw<MlopsValidationException>().Which.Field.Should().Be("drifted share");
    }

    [Fact]
    public async Task Stopping_an_instance_cancels_its_execution_and_releases_the_claim_with_its_run_for_another_instance()
    {
        var node = _harness.Create("node-1", p => p
            .AddSchedule("minutely", "* * * * *", TriggerHarness.Pipeline)
            .AddDriftTrigger("on-drift", TriggerHarness.Pipeline)
            .AddDatasetTrigger("data", TriggerHarness.Pipeline, Path.Combine(_harness.Root, "missing.csv"), TimeSpan.FromMinutes(1)), hold: new TaskCompletionSource().Task);
        await node.StartAsync();
        var tick = new DateTimeOffset(2026, 11, 28, 0, 1, 0, TimeSpan.Zero);
        await node.AdvanceWhenWaitingAsync("minutely", tick, tick);
        await node.Entered;

        await node.StopAsync(); // returns: every loop and the execution ended

        var released = await node.WaitForAsync(PipelineTriggerEventType.Released, "minutely");
        released.Detail.Should().Contain("released");
        var claim = JsonDocument.Parse((await node.Services.GetRequiredService<IGovernanceStore>()
            .GetGovernanceRecordAsync(PipelineTriggerRecordKinds.Claim, "schedule/minutely/2026-11-28T00:01:00Z", TriggerHarness.Ct))!.Json).RootElement;
        claim.GetProperty("status").GetString().Should().Be("running", "the work is not done: another instance resumes it");
        claim.GetProperty("leaseUntil").GetDateTimeOffset().Should().Be(tick, "the lease is released at once rather than left to run out");
        claim.GetProperty("runId").GetString().Should().NotBeNullOrEmpty();
        node.Monitor.Events.Should().NotContain(e => e.Type == PipelineTriggerEventType.Error);
        var eventsAfterStop = node.Monitor.Events.Count;
        node.Time.Advance(TimeSpan.FromMinutes(5));
        node.Monitor.Events.Should().HaveCount(eventsAfterStop, "no loop runs after the stop");
    }
}
