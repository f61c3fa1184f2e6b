using System.Diagnostics;

namespace Mlops.Tracking.Tests;

/// <summary>Real child processes (tests/Mlops.Tracking.ProcessHarness) writing to the same SQLite file.</summary>
public sealed class MultiProcessTests : IAsyncLifetime
{
    private readonly TrackingHarness _h = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _h.DisposeAsync();

    private Process StartChild(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Mlops.Tracking.ProcessHarness.dll"));
        info.ArgumentList.Add(args[0]);
        info.ArgumentList.Add(_h.DatabasePath);
        info.ArgumentList.Add(_h.ArtifactsPath);
        foreach (var arg in args.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    [Fact]
    public async Task Two_processes_with_8_threads_each_log_into_one_file_without_lock_errors_or_loss()
    {
        const int Threads = 8, PerThread = 5000;
        using var a = StartChild("log", "shared", Threads.ToString(), PerThread.ToString());
        using var b = StartChild("log", "shared", Threads.ToString(), PerThread.ToString());

        var outputs = await Task.WhenAll(Finish(a), Finish(b));

        var runIds = new List<string>();
        foreach (var (exitCode, stdout, stderr) in outputs)
        {
            exitCode.Should().Be(0, stderr);
            stderr.Should().NotContainAny("locked", "SQLITE_BUSY");
            var done = stdout.Split('\n').Single(l => l.StartsWith("DONE ", StringComparison.Ordinal)).Split(' ');
            done[2].Trim().Should().Be((Threads * PerThread).ToString());
            runIds.Add(done[1]);
        }

        runIds.Should().OnlyHaveUniqueItems();
        (await _h.Tracker.ListExperimentsAsync(Ct)).Should().ContainSingle(e => e.Name == "shared");
        foreach (var runId in runIds)
        {
            for (var t = 0; t < Threads; t++)
            {
                var history = await _h.Tracker.GetMetricHistoryAsync(runId, "thread." + t, Ct);
                history.Select(m => m.Step).Should().Equal(Enumerable.Range(0, PerThread).Select(i => (long)i));
            }

            (await _h.Tracker.GetRunAsync(runId, Ct)).Info.Status.Should().Be(RunStatus.Finished);
        }

        (await _h.Journal.VerifyAsync(Ct)).IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task Every_point_flushed_before_a_SIGKILL_is_in_the_database()
    {
        const int Points = 20_000;
        using var child = StartChild("flush-then-spin", "killed", Points.ToString());

        string? line;
        do
        {
            line = await child.StandardOutput.ReadLineAsync(Ct);
        }
        while (line is not null && !line.StartsWith("FLUSHED ", StringComparison.Ordinal));

        if (line is null)
        {
            Assert.Fail("the child exited before flushing: " + await child.StandardError.ReadToEndAsync(Ct));
        }

        child.Kill(); // SIGKILL on Unix: no finalizers, no flush, no dispose
        await child.WaitForExitAsync(Ct);

        var runId = line!.Split(' ')[1];
        var history = await _h.Tracker.GetMetricHistoryAsync(runId, "flushed", Ct);
        history.Select(m => m.Step).Should().Equal(Enumerable.Range(0, Points).Select(i => (long)i));
        (await _h.Journal.VerifyAsync(Ct)).IsValid.Should().BeTrue();
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> Finish(Process process)
    {
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await stdout, await stderr);
    }
}
