using Microsoft.ML;
using Microsoft.ML.Data;
using Mlops.Validation.Evaluation;
using Mlops.Validation.Fairness;

namespace Mlops.Validation.Tests.Evaluation;

#pragma warning disable CA1859 // The models are used as ITransformer, as the SDK sees them.

// Real models trained on the real penguins data: a strong candidate (all four measurements) and a weak champion (body
// mass only), both evaluated on the same held-out split.
public sealed class PenguinsEndToEndTests
{
    private static readonly string[] AllFeatures = [nameof(Penguin.BeakLength), nameof(Penguin.BeakDepth), nameof(Penguin.FlipperLength), nameof(Penguin.BodyMass)];
    private static readonly string[] MassOnly = [nameof(Penguin.BodyMass)];

    private readonly MLContext _ml = new(seed: 7);
    private readonly IDataView _train;
    private readonly IDataView _test;

    public PenguinsEndToEndTests()
    {
        var split = _ml.Data.TrainTestSplit(_ml.Data.LoadFromEnumerable(PenguinData.Load()), testFraction: 0.3, seed: 7);
        _train = split.TrainSet;
        _test = split.TestSet;
    }

    private IEstimator<ITransformer> Features(string[] columns) =>
        _ml.Transforms.Concatenate("Features", columns)
            .Append(_ml.Transforms.ReplaceMissingValues("Features"))
            .Append(_ml.Transforms.NormalizeMinMax("Features"));

    private ITransformer TrainMulticlass(string[] columns) =>
        _ml.Transforms.Conversion.MapValueToKey("Label", nameof(Penguin.Species))
            .Append(Features(columns))
            .Append(_ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Append(_ml.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel"))
            .Fit(_train);

    private ITransformer TrainBinary(string[] columns) =>
        Features(columns).Append(_ml.BinaryClassification.Trainers.SdcaLogisticRegression()).Fit(_train);

    [Fact]
    public void Multiclass_candidate_beats_the_weak_champion_on_the_same_split_and_not_the_other_way_round()
    {
        var strong = TrainMulticlass(AllFeatures);
        var weak = TrainMulticlass(MassOnly);
        var options = new ModelEvaluationOptions(EvaluationTask.MulticlassClassification);
        var thresholds = new Dictionary<string, MetricThreshold>
        {
            ["macro_accuracy"] = new(Threshold: 0.9, MinAbsoluteChange: 0.05),
            ["log_loss"] = new(MinRelativeChange: 0.1, GreaterIsBetter: false),
        };

        var promoted = ModelEvaluator.Compare(_ml, strong, weak, _test, options, thresholds);
        var demoted = ModelEvaluator.Compare(_ml, weak, strong, _test, options, thresholds);

        promoted.CandidateMetrics.Keys.Should().Contain(["macro_accuracy", "micro_accuracy", "log_loss", "log_loss_reduction"]);
        promoted.CandidateMetrics["macro_accuracy"].Should().BeGreaterThan(0.9);
        promoted.ChampionMetrics!["macro_accuracy"].Should().BeLessThan(promoted.CandidateMetrics["macro_accuracy"] - 0.05);
        promoted.Passed.Should().BeTrue(string.Join(Environment.NewLine, promoted.Gate.Metrics.SelectMany(m => m.Checks).Select(c => c.Message)));
        demoted.Passed.Should().BeFalse();
        demoted.Gate.Metrics.Should().OnlyContain(m => !m.Passed);
        // Same data: swapping roles swaps the numbers exactly.
        demoted.CandidateMetrics.Should().Equal(promoted.ChampionMetrics);
    }

    [Fact]
    public void Without_a_champion_only_the_absolute_threshold_is_applied()
    {
        var result = ModelEvaluator.Compare(
            _ml,
            TrainMulticlass(AllFeatures),
            champion: null,
            _test,
            new ModelEvaluationOptions(EvaluationTask.MulticlassClassification),
            new Dictionary<string, MetricThreshold> { ["micro_accuracy"] = new(Threshold: 0.9, MinRelativeChange: 0.5) });

        result.ChampionMetrics.Should().BeNull();
        result.Gate.BaselineAvailable.Should().BeFalse();
        result.Passed.Should().BeTrue();
        result.Gate.Metrics[0].Checks[1].Message.Should().Contain("skipped, there is no baseline");
    }

    [Fact]
    public void Binary_is_adelie_gate_and_fairness_by_sex_agree_with_the_predictions()
    {
        var strong = TrainBinary(AllFeatures);
        var weak = TrainBinary(MassOnly);
        var options = new ModelEvaluationOptions(EvaluationTask.BinaryClassification);

        var comparison = ModelEvaluator.Compare(_ml, strong, weak, _test, options, new Dictionary<string, MetricThreshold>
        {
            ["auc"] = new(Threshold: 0.9, MinAbsoluteChange: 0.01),
            ["log_loss"] = new(GreaterIsBetter: false, MinAbsoluteChange: 0.01),
        });

        comparison.CandidateMetrics.Keys.Should().Contain(["accuracy", "auc", "auprc", "f1", "log_loss", "entropy"]);
        comparison.Passed.Should().BeTrue();

        var scored = strong.Transform(_test);
        var frame = ScoredDataFairness.CreateMetricFrame(scored, [nameof(Penguin.Sex)]);
        var report = FairnessMetrics.Assess(frame);

        // Independent recomputation from the scored rows.
        var rows = _ml.Data.CreateEnumerable<ScoredPenguin>(scored, reuseRowObject: false).ToList();
        frame.Overall[FairnessMetricNames.Accuracy].Should().BeApproximately(comparison.CandidateMetrics["accuracy"], 1e-9);
        frame.Overall[FairnessMetricNames.Count].Should().Be(rows.Count);
        frame.ByGroup.Select(g => g.Key).Should().Contain(["FEMALE", "MALE"]);
        var rates = rows.GroupBy(r => r.Sex ?? string.Empty).ToDictionary(g => g.Key, g => g.Average(r => r.PredictedLabel ? 1.0 : 0.0));
        foreach (var group in frame.ByGroup)
        {
            group.Metrics[FairnessMetricNames.SelectionRate].Should().BeApproximately(rates[group.Values[0]], 1e-12);
        }

        report.DemographicParityDifference.Should().BeApproximately(rates.Values.Max() - rates.Values.Min(), 1e-12);
        report.DemographicParityRatio.Should().BeApproximately(rates.Values.Min() / rates.Values.Max(), 1e-12);
        report.FourFifthsRule.Passed.Should().Be(report.DemographicParityRatio >= 0.8);
    }

    [Fact]
    public void Species_accuracy_per_sex_matches_the_multiclass_micro_accuracy()
    {
        var model = TrainMulticlass(AllFeatures);
        var scored = model.Transform(_test);
        var metrics = ModelEvaluator.ComputeScoredMetrics(_ml, scored, new ModelEvaluationOptions(EvaluationTask.MulticlassClassification));

        var frame = ScoredDataFairness.CreateMetricFrame(scored, [nameof(Penguin.Sex)], nameof(Penguin.Species), "PredictedSpecies", positiveClass: "Adelie");
        var accuracyOnly = ScoredDataFairness.CreateMetricFrame(scored, [nameof(Penguin.Sex), nameof(Penguin.Island)], nameof(Penguin.Species), "PredictedSpecies");

        frame.Overall[FairnessMetricNames.Accuracy].Should().BeApproximately(metrics["micro_accuracy"], 1e-9);
        frame.PositiveClass.Should().Be("Adelie");
        frame.Difference(FairnessMetricNames.Accuracy).Should().BeInRange(0, 1);
        accuracyOnly.HasRates.Should().BeFalse();
        accuracyOnly.ByGroup.Sum(g => g.Metrics[FairnessMetricNames.Count]).Should().Be(frame.Overall[FairnessMetricNames.Count]);
        accuracyOnly.ByGroup.Should().OnlyContain(g => g.Values.Count == 2);
    }

    [Fact]
    public void A_model_output_without_the_label_column_is_refused_with_its_name_before_MLNET_throws()
    {
        // Scored data as an ONNX export returns it: no key-typed Label column.
        var model = TrainMulticlass(AllFeatures);
        var scored = _ml.Transforms.DropColumns("Label").Fit(model.Transform(_test)).Transform(model.Transform(_test));

        var act = () => ModelEvaluator.ComputeScoredMetrics(_ml, scored, new ModelEvaluationOptions(EvaluationTask.MulticlassClassification));

        act.Should().Throw<MlopsValidationException>()
            .Where(e => e.Field == "column" && e.Value == "Label" && e.Message.Contains("PredictedLabel", StringComparison.Ordinal));
    }

    private sealed class ScoredPenguin
    {
        public string? Sex { get; set; }

        public bool PredictedLabel { get; set; }
    }
}
