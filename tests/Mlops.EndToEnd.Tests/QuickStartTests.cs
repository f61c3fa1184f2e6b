using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Journal;
using Mlops.Registry;
using Mlops.Tracking;
using Mlops.Validation;

namespace Mlops.EndToEnd.Tests;

public sealed class QuickStartTests : IDisposable
{
    private readonly string _store = Path.Combine(Path.GetTempPath(), "mlops-quickstart-" + Guid.NewGuid().ToString("N"));
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_QuickStart_tracks_real_runs_and_is_safe_to_run_again()
    {
        var first = await RunQuickStart();
        var second = await RunQuickStart();

        first.ExitCode.Should().Be(0, first.Output);
        second.ExitCode.Should().Be(0, second.Output);
        first.Output.Should().Contain("sdca-maxent").And.Contain("chain verified").And.Contain("model/model.zip");
        second.Output.Should().Contain("chain verified");

        var services = new ServiceCollection();
        services.AddMlops(m => m
            .UseSqlite($"Data Source={Path.Combine(_store, "mlops.db")}")
            .UseFileSystemArtifacts(Path.Combine(_store, "artifacts"))
            .AddTracking()
            .AddRegistry()
            .AddValidation());
        await using var provider = services.BuildServiceProvider();
        var tracker = provider.GetRequiredService<IExperimentTracker>();
        var page = await tracker.SearchRunsAsync(new RunQuery("penguins-species") { Filter = "tags.stage = 'quickstart'", MaxResults = 100 }, Ct);

        page.Runs.Should().HaveCount(6, "each QuickStart run adds three trainer runs to the same store");
        page.Runs.Should().OnlyContain(r => r.Info.Status == RunStatus.Finished && r.Inputs.Count == 3);
        page.Runs.Max(r => r.LatestMetrics["test_macro_accuracy"].Value).Should().BeGreaterThan(0.9);
        var best = page.Runs.OrderByDescending(r => r.LatestMetrics["test_macro_accuracy"].Value).First();
        (await tracker.GetMetricHistoryAsync(best.RunId, "cv_macro_accuracy", Ct)).Select(m => m.Step).Should().Equal(0, 1, 2, 3, 4);
        (await tracker.GetChildRunsAsync(best.RunId, Ct)).Should().HaveCount(5);

        var registry = provider.GetRequiredService<IModelRegistry>();
        var model = await registry.GetModelAsync("penguin-species", Ct);
        model.LatestVersion.Should().Be(4, "each QuickStart run registers an ML.NET version and its ONNX export");
        model.Aliases.Should().Contain("champion", 3);
        second.Output.Should().Contain("Alias champion: v1 → v3");
        var versions = await registry.ListVersionsAsync("penguin-species", Ct);
        versions.Select(v => v.Flavor).Should().Equal("mlnet", "onnx", "mlnet", "onnx");
        first.Output.Should().MatchRegex(@"same species as v1 on (\d+)/\1 test rows");
        var champion = await registry.LoadAsync("models:/penguin-species@champion", Ct);
        champion.Version.Signature.Should().Contain("BeakLength");
        var lineage = await registry.GetLineageAsync("models:/penguin-species/1", Ct);
        lineage.Run.Should().NotBeNull();
        lineage.Datasets.Select(d => d.Context).Should().BeEquivalentTo("source", "training", "evaluation");
        first.Output.Should().Contain("Validation of models:/penguin-species/1: PASSED");
        second.Output.Should().Contain("Validation of models:/penguin-species/3: PASSED");
        var report = await provider.GetRequiredService<IModelValidator>().GetReportAsync("models:/penguin-species@champion", Ct);
        report!.Verdict.Should().Be(ValidationVerdict.Passed);
        report.Evaluation!.Gate.BaselineAvailable.Should().BeTrue("the second run is gated against the first run's champion");
        report.Fairness!.Frame.SensitiveFeatureNames.Should().Equal("Sex");
        var journal = await provider.GetRequiredService<IJournal>().ReadAsync(cancellationToken: Ct);
        journal.Count(e => e.Kind == JournalKinds.ModelVersionValidated).Should().Be(2);
        (await provider.GetRequiredService<IJournal>().VerifyAsync(Ct)).IsValid.Should().BeTrue();
    }

    private async Task<(int ExitCode, string Output)> RunQuickStart()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["MLOPS_QUICKSTART_STORE"] = _store },
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "QuickStart.dll"));
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await stdout + await stderr);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_store))
        {
            Directory.Delete(_store, recursive: true);
        }
    }
}
