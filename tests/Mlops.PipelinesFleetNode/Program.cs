// One app process of the pipeline-trigger fleet test (tests/Mlops.Pipelines.Fleet.Tests). Usage:
//   Mlops.PipelinesFleetNode <postgres-connection-string> <artifacts-dir> <instance-name> <cron>
// It registers the two-step pipeline "fleet-retrain" and the schedule "fleet-tick" (<cron>) on the shared PostgreSQL
// store and file-system artifact directory, with the real pipeline runner. One line per message on stdout:
//   READY                                 the host started (the schedule waits for its first tick)
//   CLAIMED <work>                        this instance claimed the tick <work> (schedule/fleet-tick/<tick UTC>)
//   ELSEWHERE <work>                      another instance had claimed it
//   SKIPPED <work>                        the previous tick's execution still ran (never, with overlap allowed)
//   COMPLETED <work> <run id> <status>    this instance's execution of <work> ended
//   FAILED <work> <message>               it threw
//   stdin  stop  ->  the host stops, then the node exits 0.
// The end of stdin (the test process is gone) stops the node with exit code 3. Logs go to stderr (warnings and up).
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mlops.Pipelines;
using Mlops.Pipelines.Triggers;

if (args.Length != 4)
{
    Console.Error.WriteLine("usage: Mlops.PipelinesFleetNode <postgres-connection-string> <artifacts-dir> <instance-name> <cron>");
    return 2;
}

var (connectionString, artifacts, instance, cron) = (args[0], args[1], args[2], args[3]);
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
builder.Logging.ClearProviders()
    .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
    .SetMinimumLevel(LogLevel.Warning);
builder.Services.AddMlops(m => m
    .UsePostgreSql(connectionString)
    .UseFileSystemArtifacts(artifacts)
    .UseActor(instance)
    .AddTracking(o => o.CaptureEnvironment = false)
    .AddPipelines(p => p
        .AddPipeline(_ => FleetPipeline(), (trigger, _, _) => Task.FromResult(trigger.Description))
        .ConfigureTriggers(o =>
        {
            o.InstanceName = instance;
            o.LeaseDuration = TimeSpan.FromSeconds(30);
        })
        // Overlap allowed: the test asserts one execution per tick across the fleet, and whether a 2-second tick finds the
        // previous execution still running depends on how loaded the machine is (CI runs other test assemblies on the
        // same cores). Skipping an overlapping tick has its own deterministic tests (ScheduleTriggerTests).
        .AddSchedule("fleet-tick", cron, "fleet-retrain", o => o.AllowOverlap = true)));

using var host = builder.Build();
var monitor = host.Services.GetRequiredService<IPipelineTriggerMonitor>();
var output = TextWriter.Synchronized(Console.Out);
using var stopping = new CancellationTokenSource();
var reporting = ReportAsync(monitor, output, stopping.Token);
await host.StartAsync();
output.WriteLine("READY");

var exitCode = 3;
while (await Console.In.ReadLineAsync() is { } line)
{
    if (line.Trim() == "stop")
    {
        exitCode = 0;
        break;
    }

    Console.Error.WriteLine("unknown command: " + line);
}

await host.StopAsync();
await stopping.CancelAsync();
await reporting;
output.Flush();
return exitCode;

// read (the input's length) -> train (doubles it): two tracked steps, caching off so every tick really runs both.
static Pipeline<string> FleetPipeline()
{
    var pipeline = Pipeline.Create<string>("fleet-retrain");
    var read = pipeline.Add(Step.Create<string, int>("read", (s, _) => Task.FromResult(s.Length), options: new StepOptions { Cache = false }), pipeline.Input);
    pipeline.Add(Step.Create<int, int>("train", (n, _) => Task.FromResult(n * 2), options: new StepOptions { Cache = false }), read);
    return pipeline.Build();
}

// Writes each claim decision and each outcome as it happens, in order.
static async Task ReportAsync(IPipelineTriggerMonitor monitor, TextWriter output, CancellationToken cancellationToken)
{
    try
    {
        await foreach (var e in monitor.WatchAsync(cancellationToken))
        {
            var line = e.Type switch
            {
                PipelineTriggerEventType.Claimed => $"CLAIMED {e.WorkId}",
                PipelineTriggerEventType.ClaimedElsewhere => $"ELSEWHERE {e.WorkId}",
                PipelineTriggerEventType.Skipped => $"SKIPPED {e.WorkId}",
                PipelineTriggerEventType.Completed => $"COMPLETED {e.WorkId} {e.RunId} {e.Status}",
                PipelineTriggerEventType.Failed => $"FAILED {e.WorkId} {e.Detail}",
                _ => null,
            };
            if (line is not null)
            {
                output.WriteLine(line);
            }
        }
    }
    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
    {
    }
}
