using System.Text.Json;
using Mlops.Validation.Evaluation;

namespace Mlops.Validation.Tests.Evaluation;

// Values are chosen to be exact in binary floating point (0.5, 0.25, 0.75, ...) so every boundary is decided by the rule,
// not by rounding.
public sealed class EvaluationGateTests
{
    private static Dictionary<string, double> M(string name, double value) => new() { [name] = value };

    private static Dictionary<string, MetricThreshold> T(string name, MetricThreshold threshold) => new() { [name] = threshold };

    private static ThresholdCheck Single(EvaluationGateResult result) => result.Metrics.Should().ContainSingle().Subject.Checks.Should().ContainSingle().Subject;

    [Fact]
    public void Threshold_higher_is_better_passes_at_the_bound()
    {
        var result = EvaluationGate.Evaluate(M("accuracy", 0.75), null, T("accuracy", new MetricThreshold(Threshold: 0.75)));

        result.Passed.Should().BeTrue();
        var check = Single(result);
        check.Kind.Should().Be(ThresholdCheckKind.Threshold);
        check.Observed.Should().Be(0.75);
        check.Message.Should().Contain("accuracy = 0.75 must be ≥ 0.75: passed");
    }

    [Fact]
    public void Threshold_higher_is_better_fails_below_the_bound()
    {
        var result = EvaluationGate.Evaluate(M("accuracy", 0.5), null, T("accuracy", new MetricThreshold(Threshold: 0.75)));

        result.Passed.Should().BeFalse();
        Single(result).Message.Should().Contain("failed");
    }

    [Fact]
    public void Threshold_lower_is_better_passes_at_or_below_the_bound()
    {
        var threshold = new MetricThreshold(Threshold: 0.5, GreaterIsBetter: false);

        EvaluationGate.Evaluate(M("rmse", 0.5), null, T("rmse", threshold)).Passed.Should().BeTrue();
        EvaluationGate.Evaluate(M("rmse", 0.25), null, T("rmse", threshold)).Passed.Should().BeTrue();
    }

    [Fact]
    public void Threshold_lower_is_better_fails_above_the_bound()
    {
        var result = EvaluationGate.Evaluate(M("rmse", 0.75), null, T("rmse", new MetricThreshold(Threshold: 0.5, GreaterIsBetter: false)));

        result.Passed.Should().BeFalse();
        Single(result).Message.Should().Contain("must be ≤ 0.5");
    }

    [Fact]
    public void MinAbsoluteChange_higher_is_better_passes_when_candidate_reaches_baseline_plus_change()
    {
        // 0.75 ≥ 0.5 + 0.25
        var result = EvaluationGate.Evaluate(M("f1", 0.75), M("f1", 0.5), T("f1", new MetricThreshold(MinAbsoluteChange: 0.25)));

        result.Passed.Should().BeTrue();
        var check = Single(result);
        check.Kind.Should().Be(ThresholdCheckKind.MinAbsoluteChange);
        check.Observed.Should().Be(0.25);
        result.Metrics[0].BaselineValue.Should().Be(0.5);
    }

    [Fact]
    public void MinAbsoluteChange_higher_is_better_fails_when_improvement_is_too_small()
    {
        // 0.625 − 0.5 = 0.125 < 0.25
        var result = EvaluationGate.Evaluate(M("f1", 0.625), M("f1", 0.5), T("f1", new MetricThreshold(MinAbsoluteChange: 0.25)));

        result.Passed.Should().BeFalse();
        Single(result).Observed.Should().Be(0.125);
    }

    [Fact]
    public void MinAbsoluteChange_lower_is_better_requires_candidate_below_baseline_minus_change()
    {
        var threshold = new MetricThreshold(MinAbsoluteChange: 0.5, GreaterIsBetter: false);

        // 1.0 ≤ 1.5 − 0.5 passes; 1.25 > 1.0 fails; a worse (higher) value fails with a negative improvement.
        EvaluationGate.Evaluate(M("rmse", 1.0), M("rmse", 1.5), T("rmse", threshold)).Passed.Should().BeTrue();
        EvaluationGate.Evaluate(M("rmse", 1.25), M("rmse", 1.5), T("rmse", threshold)).Passed.Should().BeFalse();
        var worse = EvaluationGate.Evaluate(M("rmse", 2.0), M("rmse", 1.5), T("rmse", threshold));
        worse.Passed.Should().BeFalse();
        Single(worse).Observed.Should().Be(-0.5);
    }

    [Fact]
    public void MinRelativeChange_higher_is_better_is_change_over_baseline()
    {
        // (0.625 − 0.5) / 0.5 = 0.25
        var pass = EvaluationGate.Evaluate(M("auc", 0.625), M("auc", 0.5), T("auc", new MetricThreshold(MinRelativeChange: 0.25)));
        var fail = EvaluationGate.Evaluate(M("auc", 0.625), M("auc", 0.5), T("auc", new MetricThreshold(MinRelativeChange: 0.375)));

        pass.Passed.Should().BeTrue();
        Single(pass).Observed.Should().Be(0.25);
        Single(pass).Kind.Should().Be(ThresholdCheckKind.MinRelativeChange);
        fail.Passed.Should().BeFalse();
    }

    [Fact]
    public void MinRelativeChange_lower_is_better_is_reduction_over_baseline()
    {
        // (0.5 − 0.25) / 0.5 = 0.5
        var result = EvaluationGate.Evaluate(M("log_loss", 0.25), M("log_loss", 0.5), T("log_loss", new MetricThreshold(MinRelativeChange: 0.5, GreaterIsBetter: false)));

        result.Passed.Should().BeTrue();
        Single(result).Observed.Should().Be(0.5);
        EvaluationGate.Evaluate(M("log_loss", 0.375), M("log_loss", 0.5), T("log_loss", new MetricThreshold(MinRelativeChange: 0.5, GreaterIsBetter: false)))
            .Passed.Should().BeFalse();
    }

    [Fact]
    public void MinRelativeChange_zero_baseline_falls_back_to_strictly_better_like_mlflow()
    {
        var higher = new MetricThreshold(MinRelativeChange: 0.5);
        var lower = new MetricThreshold(MinRelativeChange: 0.5, GreaterIsBetter: false);

        var better = EvaluationGate.Evaluate(M("r_squared", 0.001), M("r_squared", 0), T("r_squared", higher));
        better.Passed.Should().BeTrue();
        Single(better).Observed.Should().BeNull();
        Single(better).Message.Should().Contain("baseline is 0");

        EvaluationGate.Evaluate(M("r_squared", 0), M("r_squared", 0), T("r_squared", higher)).Passed.Should().BeFalse();
        EvaluationGate.Evaluate(M("loss", -0.001), M("loss", 0), T("loss", lower)).Passed.Should().BeTrue();
        EvaluationGate.Evaluate(M("loss", 0), M("loss", 0), T("loss", lower)).Passed.Should().BeFalse();
    }

    [Fact]
    public void MinRelativeChange_negative_baseline_divides_by_its_magnitude()
    {
        // r_squared −0.5 → −0.25 is an improvement of 0.25, i.e. 50 % of |−0.5|.
        var result = EvaluationGate.Evaluate(M("r_squared", -0.25), M("r_squared", -0.5), T("r_squared", new MetricThreshold(MinRelativeChange: 0.5)));

        result.Passed.Should().BeTrue();
        Single(result).Observed.Should().Be(0.5);
    }

    [Fact]
    public void Missing_champion_skips_baseline_checks_and_says_so_but_still_applies_the_threshold()
    {
        var thresholds = T("accuracy", new MetricThreshold(Threshold: 0.5, MinAbsoluteChange: 0.25, MinRelativeChange: 0.25));

        var result = EvaluationGate.Evaluate(M("accuracy", 0.75), null, thresholds);

        result.Passed.Should().BeTrue();
        result.BaselineAvailable.Should().BeFalse();
        var checks = result.Metrics[0].Checks;
        checks.Select(c => c.Kind).Should().Equal(ThresholdCheckKind.Threshold, ThresholdCheckKind.MinAbsoluteChange, ThresholdCheckKind.MinRelativeChange);
        checks[0].Skipped.Should().BeFalse();
        checks.Skip(1).Should().OnlyContain(c => c.Skipped && c.Passed && c.Message.Contains("no baseline (champion)"));

        EvaluationGate.Evaluate(M("accuracy", 0.25), null, thresholds).Passed.Should().BeFalse("the absolute threshold still applies");
    }

    [Fact]
    public void Baseline_without_the_metric_skips_its_checks()
    {
        var result = EvaluationGate.Evaluate(M("accuracy", 0.75), M("auc", 0.5), T("accuracy", new MetricThreshold(MinAbsoluteChange: 0.1)));

        result.Passed.Should().BeTrue();
        result.BaselineAvailable.Should().BeTrue();
        Single(result).Skipped.Should().BeTrue();
        Single(result).Message.Should().Contain("the baseline has no metric 'accuracy'");
    }

    [Fact]
    public void Candidate_without_the_metric_fails()
    {
        var result = EvaluationGate.Evaluate(M("auc", 0.9), null, T("accuracy", new MetricThreshold(Threshold: 0.5)));

        result.Passed.Should().BeFalse();
        result.Metrics[0].CandidateValue.Should().BeNull();
        Single(result).Message.Should().Be("The candidate has no metric 'accuracy'.");
    }

    [Fact]
    public void Overall_verdict_needs_every_metric_and_results_are_ordered_by_name()
    {
        var candidate = new Dictionary<string, double> { ["rmse"] = 0.25, ["mae"] = 0.75 };
        var thresholds = new Dictionary<string, MetricThreshold>
        {
            ["rmse"] = new(Threshold: 0.5, GreaterIsBetter: false),
            ["mae"] = new(Threshold: 0.5, GreaterIsBetter: false),
        };

        var result = EvaluationGate.Evaluate(candidate, null, thresholds);

        result.Passed.Should().BeFalse();
        result.Metrics.Select(m => (m.Metric, m.Passed)).Should().Equal(("mae", false), ("rmse", true));
    }

    [Fact]
    public void Empty_threshold_passes()
    {
        var result = EvaluationGate.Evaluate(M("accuracy", 0.1), M("accuracy", 0.9), T("accuracy", new MetricThreshold()));

        result.Passed.Should().BeTrue();
        result.Metrics[0].Checks.Should().BeEmpty();
    }

    [Theory]
    [InlineData(-0.1, null)]
    [InlineData(null, -0.1)]
    [InlineData(double.NaN, null)]
    public void Negative_or_non_finite_changes_are_rejected(double? minAbsolute, double? minRelative)
    {
        var act = () => EvaluationGate.Evaluate(M("f1", 0.5), null, T("f1", new MetricThreshold(MinAbsoluteChange: minAbsolute, MinRelativeChange: minRelative)));

        act.Should().Throw<ArgumentException>().WithMessage("*f1*");
    }

    [Fact]
    public void Results_round_trip_through_System_Text_Json_even_with_NaN_metrics()
    {
        var comparison = new ModelComparisonResult(
            new Dictionary<string, double> { ["auc"] = double.NaN, ["accuracy"] = 0.75 },
            null,
            EvaluationGate.Evaluate(M("accuracy", 0.75), null, T("accuracy", new MetricThreshold(Threshold: 0.5, MinRelativeChange: 0.1))));

        var json = JsonSerializer.Serialize(comparison);
        var back = JsonSerializer.Deserialize<ModelComparisonResult>(json)!;

        json.Should().Contain("\"NaN\"");
        back.CandidateMetrics["auc"].Should().Be(double.NaN);
        back.Gate.Metrics[0].Checks.Should().HaveCount(2);
        back.Gate.Metrics[0].Checks[1].Skipped.Should().BeTrue();
        back.Passed.Should().BeTrue();
    }
}
