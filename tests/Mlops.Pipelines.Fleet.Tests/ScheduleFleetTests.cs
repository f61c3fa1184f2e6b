using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Governance;
using Mlops.Journal;
using Mlops.Pipelines.Triggers;
using Mlops.Storage;
using Mlops.Storage.PostgreSql.Tests.TestSupport;
using Mlops.Tracking;

namespace Mlops.Pipelines.Fleet.Tests;

/// <summary>
/// Three app processes (tests/Mlops.PipelinesFleetNode) share one PostgreSQL database and run the same schedule every
/// 2 seconds with the real pipeline runner: over seven consecutive ticks, each tick is claimed by exactly one instance,
/// journaled once as <c>pipeline.triggered</c>, and runs exactly one execution, which finishes. Which instance wins each
/// tick is printed, not asserted.
/// </summary>
public sealed class ScheduleFleetTests(ITestOutputHelper output)
{
    private const int Nodes = 3;
    private const int Ticks = 7;
    private const string Cron = "*/2 * * * * *";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    // Bounds a hang (a node that never starts, a tick that never completes) so that it fails instead of blocking.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Three_processes_on_one_PostgreSQL_run_exactly_one_execution_per_tick_over_seven_ticks()
    {
        var connectionString = await TestServer.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var root = Path.Combine(Path.GetTempPath(), "mlops-pipelines-fleet-tests", Guid.NewGuid().ToString("N"));
        var artifacts = Path.Combine(root, "artifacts");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(Deadline);
        var ct = deadline.Token;
        var lines = Channel.CreateUnbounded<(string Node, string Line)>();
        var nodes = new List<PipelineNodeProcess>();
        try
        {
            // The schema exists before the nodes race for it.
            await using (var admin = Admin(connectionString, artifacts))
            {
                await admin.GetRequiredService<IJournal>().ReadAsync(1, 1, ct);
            }

            for (var i = 1; i <= Nodes; i++)
            {
                nodes.Add(PipelineNodeProcess.Start($"node-{i}", connectionString, artifacts, Cron, lines.Writer));
            }

            await Task.WhenAll(nodes.Select(n => n.Ready)).WaitAsync(ct);
            // Every node's schedule waits by now (or within a moment): the window starts one interval later to be sure.
            var first = NextTick(DateTimeOffset.UtcNow + Interval);
            var window = Enumerable.Range(0, Ticks).Select(i => WorkId(first + (Interval * i))).ToList();
            output.WriteLine($"{Nodes} nodes ready; window {window[0]} .. {window[^1]}");

            var completed = new Dictionary<string, (string Node, string RunId, string Status)>();
            var decisions = new List<(string Node, string Line)>();
            while (!window.All(completed.ContainsKey))
            {
                (string Node, string Line) next;
                try
                {
                    next = await lines.Reader.ReadAsync(ct);
                }
                catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"The window did not complete within {Deadline.TotalSeconds} s; completed: {string.Join(", ", completed.Keys)}. stderr:\n"
                        + string.Join("\n", nodes.Select(n => $"{n.Name}: {n.Stderr}")));
                }

                decisions.Add(next);
                var words = next.Line.Split(' ');
                switch (words[0])
                {
                    case "COMPLETED":
                        completed.Should().NotContainKey(words[1], $"{words[1]} completes once ({next.Node} reported it again)");
                        completed[words[1]] = (next.Node, words[2], words[3]);
                        break;
                    case "FAILED":
                        throw new InvalidOperationException($"{next.Node}: {next.Line}");
                    case "SKIPPED" when window.Contains(words[1]):
                        throw new InvalidOperationException($"{next.Node} skipped {words[1]}, although the nodes allow overlapping ticks.");
                }
            }

            foreach (var node in nodes)
            {
                await node.StopAsync(ct);
            }

            while (lines.Reader.TryRead(out var rest))
            {
                decisions.Add(rest);
            }

            Report(window, completed, decisions);
            await using var store = Admin(connectionString, artifacts);
            await VerifyAsync(store, window, completed, ct);
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            await TestServer.DropDatabaseAsync(connectionString);
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>What the store holds: one execution run, one journal entry and one claim per tick, every tick of the window.</summary>
    private static async Task VerifyAsync(ServiceProvider store, List<string> window, Dictionary<string, (string Node, string RunId, string Status)> completed, CancellationToken ct)
    {
        var tracker = store.GetRequiredService<IExperimentTracker>();
        var runs = new List<Run>();
        string? token = null;
        do
        {
            var page = await tracker.SearchRunsAsync(new RunQuery("fleet-retrain") { MaxResults = 1000, PageToken = token }, ct);
            runs.AddRange(page.Runs);
            token = page.NextPageToken;
        }
        while (token is not null);

        var executions = runs.Where(r => !r.Tags.ContainsKey(PipelineTags.Step)).ToList();
        var perTick = executions.GroupBy(r => r.Tags["mlops.pipeline.trigger.work"]).ToDictionary(g => g.Key, g => g.ToList());
        // Ticks after the window may still be running when the nodes stop one by one; a node that stops releases its
        // execution and a live one takes it over, resuming it as a new run tagged with the one it resumes. So outside the
        // window every run beyond the first of a tick must be such a resumption; inside it, exactly one run per tick.
        perTick.Should().OnlyContain(
            p => p.Value.Count(r => !r.Tags.ContainsKey(PipelineTags.ResumedFrom)) == 1,
            "no tick, in the window or not, started more than one execution that was not a takeover");
        foreach (var work in window)
        {
            perTick.Should().ContainKey(work);
            var execution = perTick[work].Single();
            execution.Info.Status.Should().Be(RunStatus.Finished, $"{work}'s execution finished");
            execution.RunId.Should().Be(completed[work].RunId);
            completed[work].Status.Should().Be(nameof(PipelineExecutionStatus.Succeeded));
            runs.Count(r => r.Info.ParentRunId == execution.RunId).Should().Be(2, "each execution runs its two steps");
        }

        var journal = await store.GetRequiredService<IJournal>().QueryAsync(new JournalQuery { Kinds = [JournalKinds.PipelineTriggered], MaxResults = 10_000 }, ct);
        var triggered = journal.Select(e => Work(e.Payload)).ToList();
        var firstTriggers = journal.Where(e => !TakenOver(e.Payload)).Select(e => Work(e.Payload)).ToList();
        firstTriggers.Should().OnlyHaveUniqueItems("each tick is journaled as triggered once (a takeover after the window journals its own entry)");
        triggered.Where(window.Contains).Should().OnlyHaveUniqueItems("no tick of the window was taken over: all of them finished before any node stopped");
        triggered.Should().Contain(window);

        var claims = await store.GetRequiredService<IGovernanceStore>().ListGovernanceRecordsAsync(PipelineTriggerRecordKinds.Claim, "schedule/fleet-tick/", ct);
        foreach (var work in window)
        {
            using var claim = JsonDocument.Parse(claims.Single(c => c.Id == work).Json);
            claim.RootElement.GetProperty("status").GetString().Should().Be("succeeded");
            claim.RootElement.GetProperty("instance").GetString().Should().Be(completed[work].Node);
        }
    }

    private void Report(List<string> window, Dictionary<string, (string Node, string RunId, string Status)> completed, List<(string Node, string Line)> decisions)
    {
        output.WriteLine("tick                                 executed by  claims lost by the others");
        foreach (var work in window)
        {
            var lost = decisions.Count(d => d.Line == "ELSEWHERE " + work);
            output.WriteLine($"{work}  {completed[work].Node}       {lost}");
        }

        foreach (var group in window.GroupBy(w => completed[w].Node).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{group.Key}: {group.Count()} of {window.Count} ticks");
        }
    }

    private static ServiceProvider Admin(string connectionString, string artifacts)
    {
        var services = new ServiceCollection();
        services.AddMlops(m => m
            .UsePostgreSql(connectionString)
            .UseFileSystemArtifacts(artifacts)
            .UseActor("fleet-test")
            .AddTracking(o => o.CaptureEnvironment = false));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static DateTimeOffset NextTick(DateTimeOffset after)
    {
        var seconds = after.ToUnixTimeSeconds() + 1;
        return DateTimeOffset.FromUnixTimeSeconds(seconds + (seconds % 2));
    }

    private static string WorkId(DateTimeOffset tick) => "schedule/fleet-tick/" + tick.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static bool TakenOver(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        return document.RootElement.TryGetProperty("takenOverFrom", out var from) && from.ValueKind == JsonValueKind.String;
    }

    private static string Work(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        return document.RootElement.GetProperty("work").GetString()!;
    }
}
