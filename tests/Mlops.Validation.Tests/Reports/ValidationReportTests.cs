using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using Mlops.Journal;
using Mlops.Registry;
using Mlops.Validation.Evaluation;
using Mlops.Validation.Expectations;
using Mlops.Validation.Tests.Evaluation;
using Penguin = Mlops.Validation.Tests.Evaluation.Penguin;

namespace Mlops.Validation.Tests.Reports;

// The whole gate on a real registry: a strong candidate against a weak champion on the penguins test split, with
// expectations and drift against the training split and fairness by sex; then the report stored and linked.
public sealed class ValidationReportTests : IAsyncDisposable
{
    private static readonly string[] AllFeatures = [nameof(Penguin.BeakLength), nameof(Penguin.BeakDepth), nameof(Penguin.FlipperLength), nameof(Penguin.BodyMass)];
    private const string Model = "penguin-species";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "mlops-validation-tests", Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services;
    private readonly MLContext _ml = new(seed: 5);
    private readonly IDataView _train;
    private readonly IDataView _test;

    public ValidationReportTests()
    {
        var services = new ServiceCollection();
        services.AddMlops(m => m
            .UseSqlite($"Data Source={Path.Combine(_root, "mlops.db")}")
            .UseFileSystemArtifacts(Path.Combine(_root, "artifacts"))
            .UseActor("validator")
            .AddRegistry(o => o.TempDirectory = Path.Combine(_root, "tmp"))
            .AddValidation());
        _services = services.BuildServiceProvider();
        var split = _ml.Data.TrainTestSplit(_ml.Data.LoadFromEnumerable(PenguinData.Load()), testFraction: 0.3, seed: 5);
        _train = split.TrainSet;
        _test = split.TestSet;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IModelRegistry Registry => _services.GetRequiredService<IModelRegistry>();

    private IModelValidator Validator => _services.GetRequiredService<IModelValidator>();

    private async Task<ModelVersion> Register(string[] features)
    {
        var model = _ml.Transforms.Conversion.MapValueToKey("Label", nameof(Penguin.Species))
            .Append(_ml.Transforms.ReplaceMissingValues(features.Select(f => new InputOutputColumnPair(f)).ToArray()))
            .Append(_ml.Transforms.Concatenate("Features", features))
            .Append(_ml.Transforms.NormalizeMinMax("Features"))
            .Append(_ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Append(_ml.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel"))
            .Fit(_train);
        using var stream = new MemoryStream();
        _ml.Model.Save(model, _train.Schema, stream);
        stream.Position = 0;
        return await Registry.RegisterVersionFromStreamAsync(Model, stream, ModelFlavorNames.MlNet, cancellationToken: Ct);
    }

    private ValidationRequest Request(ModelVersion candidate, IDataView evaluation) =>
        new(candidate.Uri, evaluation, new ModelEvaluationOptions(EvaluationTask.MulticlassClassification, LabelColumn: "Label"))
        {
            ChampionUri = $"models:/{Model}@champion",
            Thresholds = new Dictionary<string, MetricThreshold> { ["macro_accuracy"] = new(Threshold: 0.9, MinAbsoluteChange: 0.01) },
            ReferenceData = _train,
            DriftColumns = AllFeatures,
            SensitiveFeatures = [nameof(Penguin.Sex)],
            FairnessLabelColumn = nameof(Penguin.Species),
            FairnessPredictedColumn = "PredictedSpecies",
            PositiveClass = "Adelie",
        };

    [Fact]
    public async Task A_strong_candidate_passes_against_a_weak_champion_and_the_report_is_stored_and_linked()
    {
        var weak = await Register([nameof(Penguin.BodyMass)]);
        await Registry.SetAliasAsync(Model, "champion", weak.Version, "baseline", Ct);
        var strong = await Register(AllFeatures);

        var report = await Validator.ValidateAsync(Request(strong, _test), Ct);

        report.Evaluation!.Gate.BaselineAvailable.Should().BeTrue();
        report.Evaluation.CandidateMetrics["macro_accuracy"].Should().BeGreaterThan(0.9);
        report.Evaluation.CandidateMetrics["macro_accuracy"].Should().BeGreaterThan(report.Evaluation.ChampionMetrics!["macro_accuracy"] + 0.01);
        report.Drift!.Columns.Select(c => c.Column).Should().BeEquivalentTo(AllFeatures);
        report.DataExpectations!.Results.Should().NotBeEmpty();
        report.DataExpectations.Results.Select(r => r.Expectation).Should().NotContain(e => e is ExpectTableRowCountToBeBetween || e is ExpectColumnValuesToBeUnique,
            "a suite inferred from the training split checks the test split, whose size and duplicates differ by design");
        report.Fairness!.Frame.SensitiveFeatureNames.Should().Equal(nameof(Penguin.Sex));
        report.FailedChecks.Should().OnlyContain(c => c.StartsWith("data:", StringComparison.Ordinal) || c.StartsWith("fairness:", StringComparison.Ordinal),
            "a random split may trip an inferred bound or the selection-rate rule, but the gate and drift must pass");

        var stored = await Validator.AttachAsync(report, Ct);

        stored.JournalEntry.Kind.Should().Be(JournalKinds.ModelVersionValidated);
        stored.JournalEntry.Subject.Should().Be($"model/{Model}/{strong.Version}");
        stored.JournalEntry.Payload.Should().Contain(stored.Digest);
        var tagged = await Registry.GetVersionAsync(Model, strong.Version, Ct);
        tagged.Tags[ValidationTags.Report].Should().Be(stored.Digest);
        tagged.Tags[ValidationTags.Verdict].Should().Be(report.Verdict == ValidationVerdict.Passed ? "PASSED" : "FAILED");
        var reloaded = await Validator.GetReportAsync(strong.Uri, Ct);
        reloaded!.ToJson().Should().Be(report.ToJson());
        (await _services.GetRequiredService<IJournal>().VerifyAsync(Ct)).IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task A_weak_candidate_on_shifted_data_fails_with_every_reason_named()
    {
        var strong = await Register(AllFeatures);
        await Registry.SetAliasAsync(Model, "champion", strong.Version, "baseline", Ct);
        var weak = await Register([nameof(Penguin.BodyMass)]);
        var shifted = PenguinData.Load().Select(p =>
        {
            p.BodyMass *= 3; // grams read as a different unit: every row shifts
            p.FlipperLength += 40;
            return p;
        }).ToList();

        var report = await Validator.ValidateAsync(Request(weak, _ml.Data.LoadFromEnumerable(shifted)), Ct);

        report.Verdict.Should().Be(ValidationVerdict.Failed);
        report.FailedChecks.Should().Contain(c => c.StartsWith("evaluation: macro_accuracy", StringComparison.Ordinal));
        report.FailedChecks.Should().Contain(c => c.StartsWith("drift:", StringComparison.Ordinal));
        report.FailedChecks.Should().Contain(c => c == "data: expect_column_values_to_be_between (BodyMass)");
        report.ToMarkdown().Should().Contain($"# Validation of {weak.Uri}: FAILED").And.Contain("| BodyMass |");
    }

    [Fact]
    public async Task Without_a_champion_the_baseline_checks_are_skipped_and_a_report_without_one_is_null()
    {
        var candidate = await Register(AllFeatures);

        var report = await Validator.ValidateAsync(Request(candidate, _test) with { ChampionUri = null, SensitiveFeatures = [] }, Ct);

        report.Evaluation!.Gate.BaselineAvailable.Should().BeFalse();
        report.Fairness.Should().BeNull();
        (await Validator.GetReportAsync(candidate.Uri, Ct)).Should().BeNull();
    }

    [Fact]
    public async Task The_report_json_round_trips_with_source_generation()
    {
        var candidate = await Register(AllFeatures);
        var report = await Validator.ValidateAsync(Request(candidate, _test), Ct);

        var json = report.ToJson();
        var again = ValidationReport.FromJson(json);

        again.ToJson().Should().Be(json);
        json.Should().Contain("\"modelUri\"").And.Contain("\"drift\"").And.Contain("\"fairness\"");
        var bad = () => ValidationReport.FromJson("{ not json");
        bad.Should().Throw<MlopsValidationException>().Which.Field.Should().Be("validation report");
    }

    [Fact]
    public async Task A_reference_profile_is_stored_with_the_version_and_drives_drift_from_profiles()
    {
        var candidate = await Register(AllFeatures);
        var profile = Mlops.Validation.Profiles.Profiler.FromDataView(_train, cancellationToken: Ct);

        var digest = await Validator.StoreReferenceProfileAsync(candidate.Uri, profile, Ct);

        (await Registry.GetVersionAsync(Model, candidate.Version, Ct)).Tags[ValidationTags.ReferenceProfile].Should().Be(digest);
        var stored = await Validator.GetReferenceProfileAsync(candidate.Uri, Ct);
        stored!.RowCount.Should().Be(profile.RowCount);
        stored.Column(nameof(Penguin.BodyMass))!.Mean.Should().Be(profile.Column(nameof(Penguin.BodyMass))!.Mean);
        var current = Mlops.Validation.Profiles.Profiler.FromDataView(_test, cancellationToken: Ct);
        var drift = Mlops.Validation.Drift.DriftAnalyzer.Analyze(stored, current);
        drift.Columns.Should().Contain(c => c.Column == nameof(Penguin.BodyMass));
        (await Validator.GetReferenceProfileAsync((await Register(AllFeatures)).Uri, Ct)).Should().BeNull();
    }

    [Fact]
    public async Task An_expectation_suite_stored_with_the_version_is_run_when_the_request_names_none()
    {
        var candidate = await Register(AllFeatures);
        var suite = Mlops.Validation.Expectations.ExpectationSuite.CreateBuilder("strict")
            .ExpectColumnValuesToBeBetween(nameof(Penguin.BodyMass), 5000, 7000) // most penguins are lighter: must fail
            .Build();

        await Validator.StoreExpectationSuiteAsync(candidate.Uri, suite, Ct);
        var report = await Validator.ValidateAsync(Request(candidate, _test) with { ReferenceData = null, SensitiveFeatures = [] }, Ct);

        (await Validator.GetExpectationSuiteAsync(candidate.Uri, Ct)).Should().Be(suite);
        report.DataExpectations!.SuiteName.Should().Be("strict");
        report.FailedChecks.Should().Contain("data: expect_column_values_to_be_between (BodyMass)");
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
