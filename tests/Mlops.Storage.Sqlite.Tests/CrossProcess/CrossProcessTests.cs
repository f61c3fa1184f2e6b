using System.Diagnostics;
using Mlops.Journal;
using Mlops.Search;
using Mlops.Storage.Sqlite.Tests.TestSupport;
using Mlops.Tracking;

namespace Mlops.Storage.Sqlite.Tests.CrossProcess;

public sealed class CrossProcessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoProcessesWritingTheSameFile_SeeNoLockErrorAndLoseNothing()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenInitializedAsync();
        await RunTogetherWithChildAsync(db.Path, workload: null, () => Workload.RunAsync(store, "parent", Ct));
        var experiments = await store.ListExperimentsAsync(Ct);
        experiments.Should().ContainSingle(e => e.Name == "shared");
        const int RunsPerProcess = Workload.Threads * Workload.Rounds;
        var page = await store.SearchRunsAsync(new RunSearchRequest([experiments[0].ExperimentId], null, [], 1000), Ct);
        page.Runs.Should().HaveCount(2 * RunsPerProcess);
        page.Runs.Count(r => r.Tags["writer"] == "child").Should().Be(RunsPerProcess);
        page.Runs.Should().OnlyContain(r => r.Info.Status == RunStatus.Finished && r.LatestMetrics["loss"].Step == Workload.PointsPerBatch - 1);
        db.Scalar("SELECT sum((length(points) - 1) / 24) FROM metric_chunks").Should().Be((long)(2 * RunsPerProcess * Workload.PointsPerBatch));
        var journal = await store.ReadJournalAsync(1, 100_000, Ct);
        journal.Should().HaveCount(1 + 2 * RunsPerProcess * 3);
        journal.Count(e => e.Kind == JournalKinds.ExperimentCreated).Should().Be(1);
        (await JournalVerifier.VerifyAsync(store, Ct)).IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task TwoProcessesRegisteringVersionsOfOneModel_GetOneToNExactlyOnce()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenInitializedAsync();
        await RunTogetherWithChildAsync(db.Path, ChildWriter.RegistryWorkloadName, () => RegistryWorkload.RunAsync(store, "parent", Ct));
        const int PerProcess = RegistryWorkload.Threads * RegistryWorkload.Rounds;
        await RegistryConcurrencyTests.AssertVersionsOneToNAsync(store, RegistryWorkload.Model, 2 * PerProcess);
        var versions = await store.ListModelVersionsAsync(RegistryWorkload.Model, Ct);
        versions.Count(v => v.Tags["writer"] == "child").Should().Be(PerProcess);
        versions.Count(v => v.CreatedBy == "parent").Should().Be(PerProcess);
    }

    /// <summary>Starts the child writer, waits until it is open on the file, then runs both workloads at once and checks the child succeeded.</summary>
    private static async Task RunTogetherWithChildAsync(string databasePath, string? workload, Func<Task> parentWorkload)
    {
        using var child = StartChild(databasePath, workload);
        string childOutput;
        try
        {
            (await child.StandardOutput.ReadLineAsync(Ct)).Should().Be("ready", await ErrorsOfAsync(child));

            // Both processes are open on the file; start them together.
            await child.StandardInput.WriteLineAsync("go");
            await child.StandardInput.FlushAsync(Ct);
            await parentWorkload();
            childOutput = await child.StandardOutput.ReadToEndAsync(Ct);
            await child.WaitForExitAsync(Ct);
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
            }
        }

        child.ExitCode.Should().Be(0, "the child process reported: {0}{1}", childOutput, await ErrorsOfAsync(child));
        childOutput.Should().Contain("done");
    }

    private static Process StartChild(string databasePath, string? workload)
    {
        var assembly = typeof(CrossProcessTests).Assembly.Location;
        var host = Environment.ProcessPath!;
        var info = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Run under "dotnet exec" when this process is the dotnet host, else run the test executable itself.
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            info.ArgumentList.Add("exec");
            info.ArgumentList.Add(assembly);
        }

        info.Environment["DOTNET_STARTUP_HOOKS"] = assembly;
        info.Environment[ChildWriter.DatabaseVariable] = databasePath;
        info.Environment[ChildWriter.NameVariable] = "child";
        if (workload is not null)
        {
            info.Environment[ChildWriter.WorkloadVariable] = workload;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("Could not start the child writer process.");
    }

    private static async Task<string> ErrorsOfAsync(Process child) =>
        child.HasExited ? await child.StandardError.ReadToEndAsync() : string.Empty;
}
