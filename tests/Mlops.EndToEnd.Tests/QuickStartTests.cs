using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Governance;
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
            .AddValidation()
            .AddGovernance()); // no policy: this provider only reads
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
        model.LatestVersion.Should().Be(8, "each QuickStart run registers an ML.NET version, its ONNX export, a retrain and a retrain started by drift");
        model.Aliases.Should().Contain("champion", 8);
        second.Output.Should().Contain("Alias champion: v4 → v5");
        var versions = await registry.ListVersionsAsync("penguin-species", Ct);
        versions.Select(v => v.Flavor).Should().Equal("mlnet", "onnx", "mlnet", "mlnet", "mlnet", "onnx", "mlnet", "mlnet");
        first.Output.Should().MatchRegex(@"same species as v1 on (\d+)/\1 test rows");
        var champion = await registry.LoadAsync("models:/penguin-species@champion", Ct);
        champion.Version.Signature.Should().Contain("BeakLength");
        var lineage = await registry.GetLineageAsync("models:/penguin-species/1", Ct);
        lineage.Run.Should().NotBeNull();
        lineage.Datasets.Select(d => d.Context).Should().BeEquivalentTo("source", "training", "evaluation");
        first.Output.Should().Contain("Validation of models:/penguin-species/1: PASSED");
        second.Output.Should().Contain("Validation of models:/penguin-species/5: PASSED");
        var report = await provider.GetRequiredService<IModelValidator>().GetReportAsync("models:/penguin-species@champion", Ct);
        report!.Verdict.Should().Be(ValidationVerdict.Passed);
        report.Evaluation!.Gate.BaselineAvailable.Should().BeTrue("the second run is gated against the first run's champion");
        report.Fairness!.Frame.SensitiveFeatureNames.Should().Equal("Sex");
        var journal = await provider.GetRequiredService<IJournal>().ReadAsync(cancellationToken: Ct);
        journal.Count(e => e.Kind == JournalKinds.ModelVersionValidated).Should().Be(8, "each run validates its candidate, its retrain pipeline validates twice (the execution and its cached rerun), and the drift-triggered execution once");

        // Stage 4's retrain is the standard lifecycle pipeline; run again on the same data, its first four steps come from the cache.
        foreach (var output in new[] { first.Output, second.Output })
        {
            output.Should().MatchRegex(@"==> Pipeline penguins-retrain: execution [0-9a-f]{8} SUCCEEDED in [\d.]+ s\r?\n    load-data +executed");
            output.Should().MatchRegex(@"==> Pipeline penguins-retrain again on the same data: execution [0-9a-f]{8} SUCCEEDED in [\d.]+ s, 4 of 7 steps cached");
            output.Should().MatchRegex(@"    train +cached +from run [0-9a-f]{8}");
            output.Should().MatchRegex(@"==> Drift trigger retrain-on-drift: journal entry \d+ pipeline\.triggered \(journal/retrain-on-drift/\d+\) → execution [0-9a-f]{8} of penguins-retrain SUCCEEDED, cache off\r?\n    load-data +executed");
        }

        journal.Where(e => e.Kind == JournalKinds.PipelineTriggered).Should().HaveCount(2, "each run's drift entry triggers one retraining execution")
            .And.OnlyContain(e => e.Subject == "pipeline/penguins-retrain" && e.Payload.Contains("\"trigger\":\"retrain-on-drift\"", StringComparison.Ordinal));

        // Stage 4, serve and monitor: the hot swap failed no prediction, and a shifted batch of real rows tripped online drift.
        first.Output.Should().MatchRegex(@"Served [1-9]\d* predictions while champion moved from v1 to v3: 0 failed \(v1 answered [1-9]\d*, v3 answered [1-9]\d*\)");
        second.Output.Should().MatchRegex(@"Served [1-9]\d* predictions while champion moved from v5 to v7: 0 failed \(v5 answered [1-9]\d*, v7 answered [1-9]\d*\)");
        foreach (var (output, served) in new[] { (first.Output, 3), (second.Output, 7) })
        {
            output.Should().Contain($"live   : v{served} since").And.Contain("because: alias 'champion' of 'penguin-species' moved from");
            output.Should().MatchRegex($@"Online drift of v{served} after \d+ test rows: 0/\d+ features drifted .* no drift, health Healthy");
            output.Should().MatchRegex($@"Online drift of v{served} after the \d+ heaviest penguins .*→ DRIFT DETECTED, health Degraded");
            output.Should().Contain($"serving.drift.detected model/penguin-species/{served}");
            output.Split("Metric Name: mlops.serving.predictions,").Should().HaveCount(2, "the serving metrics are printed once");
        }

        journal.Where(e => e.Kind == JournalKinds.ServingSwapped).Select(e => e.Subject).Should()
            .Equal(["model/penguin-species/1", "model/penguin-species/3", "model/penguin-species/4", "model/penguin-species/5", "model/penguin-species/7", "model/penguin-species/8"], "each run loads the champion, then swaps to the retrain and to the retrain drift started");
        journal.Where(e => e.Kind == JournalKinds.ServingDriftDetected).Select(e => e.Subject).Should()
            .Equal(["model/penguin-species/3", "model/penguin-species/7"], "only the shifted batch drifts");

        // Stage 5, govern: each run's direct move of "production" is denied, the author's request is approved by a second
        // actor and executed; the kill switch stops and restarts serving; the card is printed; the audit verifies offline.
        foreach (var (output, promoted, previous) in new[] { (first.Output, 4, "(unset)"), (second.Output, 8, "v4") })
        {
            output.Should().MatchRegex($@"==> Alias production → v{promoted} \(a direct move by .+\) DENIED by the policy:")
                .And.Contain($"✗ Approvals: version {promoted} of 'penguin-species' has 0 of 1 required approval(s) from actors other than its author")
                .And.Contain($"✗ self-approval refused: '").And.Contain($"is the author of version {promoted} of 'penguin-species' and cannot approve");
            output.Should().MatchRegex($@"==> Promotion request \w+ APPROVED by reviewer and executed by reviewer: alias production {Regex.Escape(previous)} → v{promoted}\r?\n");
            output.Should().MatchRegex(@"Kill switch: disabled → predict throws MlopsModelDisabledException \(stopped by .+: kill-switch drill\); enabled → predicts \w+ again");
            output.Should().Contain($"==> Model card of models:/penguin-species/{promoted} (complete,")
                .And.Contain($"    # Model card: penguin-species version {promoted}")
                .And.Contain("    ## Intended use").And.Contain("    ## Approvals")
                .And.MatchRegex(@"\| promotion\.approved \| approved \| reviewer \| production \|");
            output.Should().MatchRegex(@"==> Audit: chain valid, (\d+) entries checked \(head entry \1, [0-9a-f]{12}…\)")
                .And.MatchRegex(@"    bundle : (\d+) entries exported by .+ to .+audit-bundle\.jsonl\r?\n    offline: verified, \1 entries checked");
        }

        // Stage 4 over HTTP, and stage 6, move up: each run copies its whole store into a fresh one (replacing the last
        // copy) whose journal verifies with this store's head.
        foreach (var output in new[] { first.Output, second.Output })
        {
            output.Should().MatchRegex(@"==> HTTP: POST http://127\.0\.0\.1:\d+/invocations \(MLflow dataframe_split, 3 rows\) → 200 \{""predictions"": \[Adelie, Chinstrap, Gentoo\]\}, the same species as IPredictor in process");
            output.Should().MatchRegex(@"==> Dashboard: GET http://127\.0\.0\.1:\d+/mlops/dashboard/serving → 200, 1 served model\(s\), [1-9]\d* drift gauge\(s\), penguin-species listed");
            output.Should().MatchRegex(@"==> Moved the store into .+moved \(SQLite; .+\): \d+ rows in 17 tables, (\d+) journal entries, \d+ artifacts copied")
                .And.MatchRegex(@"    target journal verified, head entry \d+ [0-9a-f]{12}… — the same head as this store");
        }

        model.Aliases.Should().Contain("production", 8, "the second run promotes its champion through the approval workflow");
        var requests = await provider.GetRequiredService<IPromotionWorkflow>().ListAsync("penguin-species", cancellationToken: Ct);
        requests.Select(r => (r.Alias, r.Version, r.Status, r.Execution?.Succeeded)).Should().Equal(
            ("production", 4, PromotionRequestStatus.Approved, true), ("production", 8, PromotionRequestStatus.Approved, true));
        requests.Should().OnlyContain(r => r.Approvals.Count == 1 && r.Approvals[0].Approver == "reviewer" && r.RequestedBy == r.VersionAuthor);
        journal.Where(e => e.Kind == JournalKinds.ModelAliasDenied).Should().HaveCount(2, "each run's direct move of production is denied")
            .And.OnlyContain(e => e.Subject == "model/penguin-species" && e.Payload.Contains("production", StringComparison.Ordinal));
        journal.Where(e => e.Kind == JournalKinds.PromotionRequested).Select(e => e.Subject).Should().Equal("model/penguin-species/4", "model/penguin-species/8");
        journal.Where(e => e.Kind == JournalKinds.PromotionApprovalDenied).Should().HaveCount(2, "the author's own approval is refused and journaled");
        journal.Where(e => e.Kind == JournalKinds.PromotionApproved).Should().HaveCount(2).And.OnlyContain(e => e.Actor == "reviewer");
        journal.Where(e => e.Kind == JournalKinds.PromotionExecuted).Should().HaveCount(2)
            .And.OnlyContain(e => e.Actor == "reviewer" && e.Payload.Contains("\"outcome\":\"succeeded\"", StringComparison.Ordinal));
        journal.Where(e => e.Kind is JournalKinds.ModelServingDisabled or JournalKinds.ModelServingEnabled).Select(e => e.Kind).Should()
            .Equal(JournalKinds.ModelServingDisabled, JournalKinds.ModelServingEnabled, JournalKinds.ModelServingDisabled, JournalKinds.ModelServingEnabled);
        journal.Where(e => e.Kind == JournalKinds.ModelCardEdited).Select(e => e.Subject).Should().Equal("model/penguin-species/4", "model/penguin-species/8");
        journal.Where(e => e.Kind == JournalKinds.AuditExported).Should().HaveCount(2);
        (await File.ReadAllTextAsync(Path.Combine(_store, "model-card.md"), Ct)).Should().StartWith("# Model card: penguin-species version 8")
            .And.Contain("## EU AI Act Annex IV").And.NotContain("To be written");
        await using (var bundle = File.OpenRead(Path.Combine(_store, "audit-bundle.jsonl")))
        {
            var offline = await AuditBundle.VerifyAsync(bundle, cancellationToken: Ct);
            offline.IsValid.Should().BeTrue(offline.Problem);
            offline.EntriesChecked.Should().Be(journal.Count - 1, "the second run's bundle holds every entry of both runs but its own audit.exported");
        }

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
