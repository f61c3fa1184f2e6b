using System.Text.Json;
using Mlops.Validation.Fairness;

namespace Mlops.Validation.Tests.Fairness;

// Reference values are worked out by hand from Fairlearn's documented definitions:
//   selection_rate = (TP + FP) / n, TPR = TP / (TP + FN), FPR = FP / (FP + TN), FNR = FN / (TP + FN),
//   precision = TP / (TP + FP); an empty denominator gives 0 (scikit-learn's confusion matrix nan_to_num / zero_division).
//   difference(between_groups) = max − min; difference(to_overall) = max |group − overall|;
//   ratio(between_groups) = min / max; ratio(to_overall) = min over groups of min(group/overall, overall/group).
//   equalized_odds_difference = max(TPR difference, FPR difference); equalized_odds_ratio = min(TPR ratio, FPR ratio).
public sealed class MetricFrameTests
{
    private const double Precision = 1e-6;

    // Group a: y_true [1,1,0,0,1], y_pred [1,1,1,0,0] → TP 2, FN 1, FP 1, TN 1.
    // Group b: y_true [1,0,1,0,0], y_pred [1,0,0,0,0] → TP 1, FN 1, FP 0, TN 3.
    private static readonly bool[] YTrue = [true, true, false, false, true, true, false, true, false, false];
    private static readonly bool[] YPred = [true, true, true, false, false, true, false, false, false, false];
    private static readonly string[] Groups = ["a", "a", "a", "a", "a", "b", "b", "b", "b", "b"];

    private static MetricFrame Frame() => MetricFrame.Create(YTrue, YPred, [new SensitiveFeature("group", Groups)]);

    [Fact]
    public void Reference_selection_rates_give_difference_0_4_and_ratio_one_third_which_fails_four_fifths()
    {
        // The reference: a = [1,1,1,0,0] → 0.6, b = [1,0,0,0,0] → 0.2.
        var frame = Frame();

        frame.FindGroup("a")!.Metrics[FairnessMetricNames.SelectionRate].Should().BeApproximately(0.6, Precision);
        frame.FindGroup("b")!.Metrics[FairnessMetricNames.SelectionRate].Should().BeApproximately(0.2, Precision);
        FairnessMetrics.DemographicParityDifference(frame).Should().BeApproximately(0.4, Precision);
        FairnessMetrics.DemographicParityRatio(frame).Should().BeApproximately(0.3333333, Precision);
        var rule = FairnessMetrics.FourFifthsRule(frame);
        rule.Passed.Should().BeFalse();
        rule.Ratio.Should().BeApproximately(1.0 / 3, 1e-12);
        rule.Message.Should().Contain("0.333333").And.Contain("failed");
    }

    [Fact]
    public void Selection_rate_to_overall_compares_each_group_with_the_overall_rate()
    {
        // overall = 4/10 = 0.4; |0.6 − 0.4| = 0.2, |0.2 − 0.4| = 0.2 → 0.2; ratios 0.4/0.6 = 0.666667, 0.2/0.4 = 0.5 → 0.5.
        var frame = Frame();

        frame.Overall[FairnessMetricNames.SelectionRate].Should().BeApproximately(0.4, Precision);
        FairnessMetrics.DemographicParityDifference(frame, FairnessMethod.ToOverall).Should().BeApproximately(0.2, Precision);
        FairnessMetrics.DemographicParityRatio(frame, FairnessMethod.ToOverall).Should().BeApproximately(0.5, Precision);
    }

    [Fact]
    public void Per_group_metrics_follow_the_confusion_counts()
    {
        var frame = Frame();
        var a = frame.FindGroup("a")!.Metrics;
        var b = frame.FindGroup("b")!.Metrics;

        a[FairnessMetricNames.Count].Should().Be(5);
        a[FairnessMetricNames.Accuracy].Should().BeApproximately(0.6, Precision);          // 3 of 5
        a[FairnessMetricNames.TruePositiveRate].Should().BeApproximately(2.0 / 3, Precision);
        a[FairnessMetricNames.FalsePositiveRate].Should().BeApproximately(0.5, Precision);
        a[FairnessMetricNames.FalseNegativeRate].Should().BeApproximately(1.0 / 3, Precision);
        a[FairnessMetricNames.Precision].Should().BeApproximately(2.0 / 3, Precision);
        b[FairnessMetricNames.Accuracy].Should().BeApproximately(0.8, Precision);          // 4 of 5
        b[FairnessMetricNames.TruePositiveRate].Should().BeApproximately(0.5, Precision);
        b[FairnessMetricNames.FalsePositiveRate].Should().Be(0);
        b[FairnessMetricNames.FalseNegativeRate].Should().BeApproximately(0.5, Precision);
        b[FairnessMetricNames.Precision].Should().Be(1);
        // Overall: TP 3, FN 2, FP 1, TN 4.
        frame.Overall[FairnessMetricNames.TruePositiveRate].Should().BeApproximately(0.6, Precision);
        frame.Overall[FairnessMetricNames.FalsePositiveRate].Should().BeApproximately(0.2, Precision);
        frame.Overall[FairnessMetricNames.Precision].Should().BeApproximately(0.75, Precision);
        frame.Overall[FairnessMetricNames.Accuracy].Should().BeApproximately(0.7, Precision);
    }

    [Fact]
    public void Equalized_odds_between_groups_is_the_worse_of_TPR_and_FPR()
    {
        // TPR: 2/3 vs 1/2 → difference 1/6, ratio 0.75. FPR: 0.5 vs 0 → difference 0.5, ratio 0.
        var frame = Frame();

        FairnessMetrics.EqualizedOddsDifference(frame).Should().BeApproximately(0.5, Precision);
        FairnessMetrics.EqualizedOddsRatio(frame).Should().BeApproximately(0, Precision);
        FairnessMetrics.EqualOpportunityDifference(frame).Should().BeApproximately(0.1666667, Precision);
        FairnessMetrics.EqualOpportunityRatio(frame).Should().BeApproximately(0.75, Precision);
    }

    [Fact]
    public void Equalized_odds_to_overall_uses_the_overall_rates()
    {
        // Overall TPR 0.6, FPR 0.2. TPR: |2/3 − 0.6| = 0.066667, |0.5 − 0.6| = 0.1 → 0.1; ratios 0.6/(2/3) = 0.9, 0.5/0.6 = 0.833333.
        // FPR: |0.5 − 0.2| = 0.3, |0 − 0.2| = 0.2 → 0.3; ratios 0.2/0.5 = 0.4, 0/0.2 = 0 → 0.
        var frame = Frame();

        FairnessMetrics.EqualizedOddsDifference(frame, FairnessMethod.ToOverall).Should().BeApproximately(0.3, Precision);
        FairnessMetrics.EqualizedOddsRatio(frame, FairnessMethod.ToOverall).Should().BeApproximately(0, Precision);
        FairnessMetrics.EqualOpportunityDifference(frame, FairnessMethod.ToOverall).Should().BeApproximately(0.1, Precision);
        FairnessMetrics.EqualOpportunityRatio(frame, FairnessMethod.ToOverall).Should().BeApproximately(0.8333333, Precision);
    }

    [Fact]
    public void Difference_and_ratio_cover_every_metric_and_group_min_max_agree()
    {
        var frame = Frame();

        var between = frame.Difference();
        var ratio = frame.Ratio();
        between.Keys.Should().BeEquivalentTo(frame.Overall.Keys);
        between[FairnessMetricNames.Accuracy].Should().BeApproximately(0.2, Precision);
        ratio[FairnessMetricNames.Accuracy].Should().BeApproximately(0.75, Precision);
        ratio[FairnessMetricNames.Count].Should().Be(1);
        frame.GroupMax()[FairnessMetricNames.Precision].Should().Be(1);
        frame.GroupMin()[FairnessMetricNames.Precision].Should().BeApproximately(2.0 / 3, Precision);
        // to_overall accuracy: overall 0.7 → max(|0.6 − 0.7|, |0.8 − 0.7|) = 0.1; ratios 0.6/0.7 = 0.857143, 0.7/0.8 = 0.875.
        frame.Difference(FairnessMethod.ToOverall)[FairnessMetricNames.Accuracy].Should().BeApproximately(0.1, Precision);
        frame.Ratio(FairnessMethod.ToOverall)[FairnessMetricNames.Accuracy].Should().BeApproximately(0.8571429, Precision);
    }

    [Fact]
    public void Multiple_sensitive_features_group_by_the_combinations_that_occur()
    {
        string[] sex = ["F", "F", "M", "M", "F", "M"];
        string[] island = ["x", "y", "x", "x", "x", "y"];
        bool[] yTrue = [true, false, true, false, true, true];
        bool[] yPred = [true, true, false, false, false, true];

        var frame = MetricFrame.Create(yTrue, yPred, [new SensitiveFeature("sex", sex), new SensitiveFeature("island", island)]);

        frame.SensitiveFeatureNames.Should().Equal("sex", "island");
        frame.ByGroup.Select(g => g.Key).Should().Equal("F, x", "F, y", "M, x", "M, y");
        frame.FindGroup("F", "x")!.Metrics[FairnessMetricNames.Count].Should().Be(2);
        frame.FindGroup("F", "x")!.Metrics[FairnessMetricNames.SelectionRate].Should().Be(0.5);
        frame.FindGroup("M", "x")!.Metrics[FairnessMetricNames.SelectionRate].Should().Be(0);
        frame.FindGroup("M", "y")!.Metrics[FairnessMetricNames.SelectionRate].Should().Be(1);
        frame.FindGroup("F", "z").Should().BeNull();
        // Selection rates 0.5, 1, 0, 1 → difference 1, ratio 0 / 1 = 0.
        FairnessMetrics.DemographicParityDifference(frame).Should().Be(1);
        FairnessMetrics.DemographicParityRatio(frame).Should().Be(0);
    }

    [Fact]
    public void Four_fifths_passes_at_exactly_eighty_percent()
    {
        // a selects 4 of 5 (0.8), b selects 5 of 5 (1.0) → ratio 0.8.
        bool[] yPred = [true, true, true, true, false, true, true, true, true, true];
        var frame = MetricFrame.Create(YTrue, yPred, [new SensitiveFeature("group", Groups)]);

        var rule = FairnessMetrics.FourFifthsRule(frame);

        rule.Ratio.Should().Be(0.8);
        rule.Passed.Should().BeTrue();
        rule.Threshold.Should().Be(0.8);
        FairnessMetrics.FourFifthsRule(frame, 0.9).Passed.Should().BeFalse();
    }

    [Fact]
    public void Zero_denominators_give_zero_rates_as_scikit_learn_does()
    {
        // Group c has no positive label (TPR, FNR undefined → 0) and no positive prediction (precision undefined → 0).
        bool[] yTrue = [false, false, true, true];
        bool[] yPred = [false, false, true, false];
        string[] group = ["c", "c", "d", "d"];

        var frame = MetricFrame.Create(yTrue, yPred, [new SensitiveFeature("group", group)]);
        var c = frame.FindGroup("c")!.Metrics;
        var d = frame.FindGroup("d")!.Metrics;

        c[FairnessMetricNames.TruePositiveRate].Should().Be(0);
        c[FairnessMetricNames.FalseNegativeRate].Should().Be(0);
        c[FairnessMetricNames.Precision].Should().Be(0);
        c[FairnessMetricNames.FalsePositiveRate].Should().Be(0);
        c[FairnessMetricNames.Accuracy].Should().Be(1);
        d[FairnessMetricNames.FalsePositiveRate].Should().Be(0, "d has no negative label");
        d[FairnessMetricNames.TruePositiveRate].Should().Be(0.5);
    }

    [Fact]
    public void No_positive_prediction_anywhere_makes_the_ratios_0_over_0_NaN_and_four_fifths_fails()
    {
        bool[] yPred = new bool[10];
        var frame = MetricFrame.Create(YTrue, yPred, [new SensitiveFeature("group", Groups)]);

        FairnessMetrics.DemographicParityDifference(frame).Should().Be(0);
        FairnessMetrics.DemographicParityRatio(frame).Should().Be(double.NaN);
        FairnessMetrics.DemographicParityRatio(frame, FairnessMethod.ToOverall).Should().Be(double.NaN);
        // TPR and FPR are both 0 everywhere too, so equalized odds ratio is NaN as well.
        FairnessMetrics.EqualizedOddsRatio(frame).Should().Be(double.NaN);
        var rule = FairnessMetrics.FourFifthsRule(frame);
        rule.Passed.Should().BeFalse();
        rule.Message.Should().Contain("undefined");
    }

    [Fact]
    public void Equalized_odds_ratio_skips_an_undefined_component()
    {
        // Nobody has a negative label, so FPR is 0 in every group (0/0 ratio → NaN) and the TPR ratio decides: 0.5 / 1
        // (Fairlearn: min([0.5, nan]) = 0.5).
        bool[] yTrue = [true, true, true, true];
        bool[] yPred = [true, true, true, false];
        string[] group = ["a", "a", "b", "b"];
        var frame = MetricFrame.Create(yTrue, yPred, [new SensitiveFeature("group", group)]);

        frame.Ratio(FairnessMetricNames.FalsePositiveRate).Should().Be(double.NaN);
        FairnessMetrics.EqualizedOddsRatio(frame).Should().Be(0.5);
        FairnessMetrics.EqualizedOddsDifference(frame).Should().Be(0.5);
    }

    [Fact]
    public void Equalized_odds_ratio_is_NaN_when_the_TPR_ratio_is_undefined_as_python_min_gives()
    {
        // Nobody has a positive label: TPR is 0 everywhere (0/0 ratio → NaN); FPR 0.5 vs 1 → 0.5.
        // Fairlearn: min([nan, 0.5]) keeps the first item, nan.
        bool[] yTrue = [false, false, false, false];
        bool[] yPred = [true, false, true, true];
        string[] group = ["a", "a", "b", "b"];
        var frame = MetricFrame.Create(yTrue, yPred, [new SensitiveFeature("group", group)]);

        frame.Ratio(FairnessMetricNames.FalsePositiveRate).Should().Be(0.5);
        FairnessMetrics.EqualizedOddsRatio(frame).Should().Be(double.NaN);
        FairnessMetrics.EqualOpportunityRatio(frame).Should().Be(double.NaN);
        FairnessMetrics.EqualizedOddsDifference(frame).Should().Be(0.5);
    }

    [Fact]
    public void Multiclass_labels_use_a_positive_class_for_rates_and_the_classes_for_accuracy()
    {
        string[] yTrue = ["Adelie", "Gentoo", "Chinstrap", "Adelie"];
        string[] yPred = ["Adelie", "Chinstrap", "Gentoo", "Gentoo"];
        string[] sex = ["F", "F", "M", "M"];

        var frame = MetricFrame.Create(yTrue, yPred, [new SensitiveFeature("sex", sex)], "Adelie");

        frame.PositiveClass.Should().Be("Adelie");
        // F: accuracy 1/2 (Gentoo ≠ Chinstrap even though both are "negative"); M: 0/2.
        frame.FindGroup("F")!.Metrics[FairnessMetricNames.Accuracy].Should().Be(0.5);
        frame.FindGroup("M")!.Metrics[FairnessMetricNames.Accuracy].Should().Be(0);
        frame.FindGroup("F")!.Metrics[FairnessMetricNames.TruePositiveRate].Should().Be(1);
        frame.FindGroup("M")!.Metrics[FairnessMetricNames.TruePositiveRate].Should().Be(0);
        frame.FindGroup("F")!.Metrics[FairnessMetricNames.SelectionRate].Should().Be(0.5);
    }

    [Fact]
    public void Accuracy_only_frame_has_no_rates_and_refuses_parity_metrics()
    {
        int[] yTrue = [0, 1, 2, 2];
        int[] yPred = [0, 2, 2, 2];
        string?[] sex = ["F", null, "M", "M"];

        var frame = MetricFrame.CreateAccuracyOnly(yTrue, yPred, [new SensitiveFeature("sex", sex)]);

        frame.HasRates.Should().BeFalse();
        frame.Overall.Keys.Should().BeEquivalentTo(FairnessMetricNames.Count, FairnessMetricNames.Accuracy);
        frame.ByGroup.Select(g => g.Key).Should().Equal("(null)", "F", "M");
        frame.Difference(FairnessMetricNames.Accuracy).Should().Be(1);
        var act = () => FairnessMetrics.Assess(frame);
        act.Should().Throw<ArgumentException>().WithMessage("*accuracy-only*");
    }

    [Fact]
    public void Misaligned_or_empty_inputs_are_rejected()
    {
        var misaligned = () => MetricFrame.Create([true, false], [true], [new SensitiveFeature("g", ["a", "b"])]);
        var shortFeature = () => MetricFrame.Create([true, false], [true, true], [new SensitiveFeature("g", ["a"])]);
        var empty = () => MetricFrame.Create([], [], [new SensitiveFeature("g", [])]);
        var noFeature = () => MetricFrame.Create([true], [true], []);
        var unknownMetric = () => Frame().Difference("nope");

        misaligned.Should().Throw<ArgumentException>().WithMessage("*2 rows*1*");
        shortFeature.Should().Throw<ArgumentException>().WithMessage("*'g' has 1 values*");
        empty.Should().Throw<ArgumentException>().WithMessage("*at least one row*");
        noFeature.Should().Throw<ArgumentException>();
        unknownMetric.Should().Throw<ArgumentException>().WithMessage("*'nope'*");
    }

    [Fact]
    public void Assess_collects_every_parity_metric_for_a_method()
    {
        var report = FairnessMetrics.Assess(Frame(), FairnessMethod.ToOverall);

        report.Method.Should().Be(FairnessMethod.ToOverall);
        report.DemographicParityDifference.Should().BeApproximately(0.2, Precision);
        report.DemographicParityRatio.Should().BeApproximately(0.5, Precision);
        report.EqualizedOddsDifference.Should().BeApproximately(0.3, Precision);
        report.EqualOpportunityRatio.Should().BeApproximately(0.8333333, Precision);
        report.FourFifthsRule.Ratio.Should().BeApproximately(1.0 / 3, Precision, "the four-fifths rule is always between groups");
    }

    [Fact]
    public void Report_round_trips_through_System_Text_Json_with_NaN()
    {
        var report = FairnessMetrics.Assess(MetricFrame.Create(YTrue, new bool[10], [new SensitiveFeature("group", Groups)]));

        var json = JsonSerializer.Serialize(report);
        var back = JsonSerializer.Deserialize<FairnessReport>(json)!;

        back.DemographicParityRatio.Should().Be(double.NaN);
        back.FourFifthsRule.Passed.Should().BeFalse();
        back.Frame.ByGroup.Should().HaveCount(2);
        back.Frame.FindGroup("a")!.Metrics[FairnessMetricNames.Count].Should().Be(5);
        back.Frame.SensitiveFeatureNames.Should().Equal("group");
    }
}
