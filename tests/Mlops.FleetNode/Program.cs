// One app process of the fleet test (tests/Mlops.Fleet.Tests). Usage:
//   Mlops.FleetNode <postgres-connection-string> <artifacts-dir> <temp-dir> <model> <alias> <instance-name>
// It serves <model>@<alias> from the shared PostgreSQL store and file-system artifact directory (UsePostgreSql registers
// the LISTEN/NOTIFY notifier that wakes serving's journal follower) and, once the first version is live, predicts real
// penguin rows in a loop on a background thread. One line per message:
//   stdout  LIVE <version> <timestamp> <predictions>
//               the first prediction answered by a version other than the one that answered before (the first answer
//               too); <version> is the version the prediction itself reports (PredictWithDetails), <timestamp> is
//               Stopwatch.GetTimestamp() just after it returned, <predictions> the successes so far, that one included.
//   stdin   count <from> <to>  ->  stdout COUNT <from> <to> <n>: successful predictions that returned in [from, to).
//   stdin   stop  ->  stdout FAILURE <message> for the first few failures, then TOTALS <predictions> <failures>; exit 0.
// The end of stdin (the test process is gone) stops the node with exit code 3, so that no node outlives its test.
// Logs go to stderr (warnings and up); stdout carries the protocol only.
//
// Timestamps are Stopwatch.GetTimestamp(): on Linux it reads CLOCK_MONOTONIC, one clock for the whole machine (ticks of
// 1 ns since boot), so the test process's readings compare with every node's. DateTime.UtcNow (CLOCK_REALTIME) is
// system-wide too, but it steps when the wall clock is set; the monotonic clock never does.
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mlops.FleetNode;
using Mlops.Serving;

if (args.Length != 6)
{
    Console.Error.WriteLine("usage: Mlops.FleetNode <postgres-connection-string> <artifacts-dir> <temp-dir> <model> <alias> <instance-name>");
    return 2;
}

var (connectionString, artifacts, temp, model, alias, instance) = (args[0], args[1], args[2], args[3], args[4], args[5]);
var rows = SampleData.Penguins().Where(p => !float.IsNaN(p.BeakLength) && !float.IsNaN(p.BodyMass)).ToList();

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
builder.Logging.ClearProviders()
    .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
    .SetMinimumLevel(LogLevel.Warning);
builder.Services.AddMlops(m => m
    .UsePostgreSql(connectionString)
    .UseFileSystemArtifacts(artifacts)
    .AddRegistry(o => o.TempDirectory = temp)
    .AddServing(s => s
        .Configure(o => o.InstanceName = instance)
        .AddModel<Penguin, SpeciesPrediction>(model, o =>
        {
            o.Alias = alias;
            o.WarmupInput = rows[0]; // every new version predicts a real row before it goes live
        })));

using var host = builder.Build();
await host.StartAsync();
var predictor = host.Services.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
await predictor.PredictAsync(rows[0]); // waits for the first version to be loaded: the loop counts failures from then on

var loop = new PredictionLoop(predictor, rows, Console.Out);
loop.Start();
var exitCode = 3;
while (await Console.In.ReadLineAsync() is { } line)
{
    var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    if (words is ["stop"])
    {
        loop.Stop();
        foreach (var message in loop.FailureMessages)
        {
            Console.WriteLine("FAILURE " + message);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"TOTALS {loop.Predictions} {loop.Failures}"));
        exitCode = 0;
        break;
    }

    if (words is ["count", var from, var to])
    {
        var n = loop.CountBetween(long.Parse(from, CultureInfo.InvariantCulture), long.Parse(to, CultureInfo.InvariantCulture));
        Console.WriteLine($"COUNT {from} {to} {n.ToString(CultureInfo.InvariantCulture)}");
        continue;
    }

    Console.Error.WriteLine("unknown command: " + line);
}

loop.Stop();
await host.StopAsync();
return exitCode;
