// Child process used by Mlops.Tracking.Tests. Commands:
//   log <db> <artifacts> <experiment> <threads> <points-per-thread>
//       starts a run, logs points from <threads> threads, flushes, prints "DONE <runId> <total>" and exits 0.
//   flush-then-spin <db> <artifacts> <experiment> <points>
//       logs <points> points, flushes, prints "FLUSHED <runId> <points>", then keeps logging until killed.
using Microsoft.Extensions.DependencyInjection;
using Mlops.Tracking;

if (args.Length < 4)
{
    Console.Error.WriteLine("usage: log|flush-then-spin <db> <artifacts> <experiment> ...");
    return 2;
}

var services = new ServiceCollection();
services.AddMlops(m => m
    .UseSqlite($"Data Source={args[1]}")
    .UseFileSystemArtifacts(args[2])
    .AddTracking(o => o.CaptureEnvironment = false));
await using var provider = services.BuildServiceProvider();
var tracker = provider.GetRequiredService<IExperimentTracker>();

switch (args[0])
{
    case "log":
    {
        var threads = int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture);
        var perThread = int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture);
        await using var run = await tracker.StartRunAsync(args[3], new RunOptions { RunName = "child-" + Environment.ProcessId });
        await run.LogParamAsync("process", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var workers = Enumerable.Range(0, threads).Select(t => Task.Run(async () =>
        {
            var key = "thread." + t;
            for (var i = 0; i < perThread; i++)
            {
                run.LogMetric(key, i, i);
                if (i % 500 == 499)
                {
                    await run.SetTagAsync("progress." + t, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        await run.FlushAsync();
        Console.WriteLine($"DONE {run.RunId} {threads * perThread}");
        return 0;
    }

    case "flush-then-spin":
    {
        var points = int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture);
        var run = await tracker.StartRunAsync(args[3]);
        for (var i = 0; i < points; i++)
        {
            run.LogMetric("flushed", i, i);
        }

        await run.FlushAsync();
        Console.WriteLine($"FLUSHED {run.RunId} {points}");
        Console.Out.Flush();
        for (long i = 0; ; i++)
        {
            run.LogMetric("after", i, i); // keeps the writer busy until the parent kills us
            if (i % 10_000 == 0)
            {
                await Task.Yield();
            }
        }
    }

    default:
        Console.Error.WriteLine("unknown command " + args[0]);
        return 2;
}
