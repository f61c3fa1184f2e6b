using System.Text.Json;
using Mlops.Validation.Drift;
using Mlops.Validation.Profiles;

namespace Mlops.Validation.Tests.Drift;

public sealed class DriftAnalyzerTests
{
    [Theory]
    [InlineData(1000, DriftTestKind.KolmogorovSmirnov)]
    [InlineData(1001, DriftTestKind.NormalizedWasserstein)]
    public void Numeric_column_with_many_values_gets_ks_or_normalized_wasserstein_by_reference_size(int rows, DriftTestKind expected)
    {
        var random = new Random(1);
        var report = Analyze(DriftColumn.Numeric("x", Normal(random, rows, 0)), DriftColumn.Numeric("x", Normal(random, 500, 0)));

        report.Columns.Single().Kind.Should().Be(DriftColumnKind.Numeric);
        report.Columns.Single().Test.Should().Be(expected);
    }

    [Theory]
    [InlineData(1000, DriftTestKind.ChiSquare)]
    [InlineData(1001, DriftTestKind.JensenShannon)]
    public void Few_valued_numeric_and_text_columns_get_chi_square_or_jensen_shannon(int rows, DriftTestKind expected)
    {
        var random = new Random(2);
        var numbers = Enumerable.Range(0, rows).Select(_ => (double)random.Next(5)).ToArray();
        var texts = Enumerable.Range(0, rows).Select(_ => "abc"[random.Next(3)].ToString()).ToArray();

        var report = DriftAnalyzer.Analyze(
            [DriftColumn.Numeric("n", numbers), DriftColumn.Categorical("t", texts)],
            [DriftColumn.Numeric("n", numbers[..300]), DriftColumn.Categorical("t", texts[..300])]);

        report.Columns.Should().AllSatisfy(c =>
        {
            c.Kind.Should().Be(DriftColumnKind.Categorical);
            c.Test.Should().Be(expected);
            c.Drifted.Should().BeFalse();
        });
    }

    [Theory]
    [InlineData(1000, DriftTestKind.ZTest)]
    [InlineData(1001, DriftTestKind.JensenShannon)]
    public void Binary_text_column_gets_z_test_or_jensen_shannon(int rows, DriftTestKind expected)
    {
        var reference = Enumerable.Range(0, rows).Select(i => i % 2 == 0 ? "yes" : "no").ToArray();
        var current = Enumerable.Range(0, 200).Select(i => i % 5 == 0 ? "yes" : "no").ToArray();

        var column = Analyze(DriftColumn.Categorical("b", reference), DriftColumn.Categorical("b", current)).Columns.Single();

        column.Kind.Should().Be(DriftColumnKind.Binary);
        column.Test.Should().Be(expected);
        column.Drifted.Should().BeTrue("50% yes against 20% yes");
    }

    [Fact]
    public void Raw_numeric_columns_carry_both_sides_histograms_and_categories_none()
    {
        var reference = Enumerable.Range(0, 500).Select(i => (double)i).Append(double.NaN).ToList();
        var current = Enumerable.Range(0, 300).Select(i => 1000.0 + i).ToList();

        var report = DriftAnalyzer.Analyze(
            [DriftColumn.Numeric("x", reference), DriftColumn.Categorical("c", ["a", "b"])],
            [DriftColumn.Numeric("x", current), DriftColumn.Categorical("c", ["a", "a"])]);

        var x = report.Columns.Single(c => c.Column == "x");
        x.ReferenceHistogram!.Total.Should().Be(500, "NaN is not a value");
        x.CurrentHistogram!.Total.Should().Be(300);
        x.ReferenceHistogram.Counts.Count.Should().BeLessThanOrEqualTo(256);
        (x.CurrentHistogram.FirstBin * x.CurrentHistogram.BinWidth).Should().BeInRange(900, 1000, "the current values start at 1000");
        var c = report.Columns.Single(c => c.Column == "c");
        c.ReferenceHistogram.Should().BeNull();
        c.CurrentHistogram.Should().BeNull();
    }

    [Fact]
    public void Default_thresholds_decide_drift()
    {
        var random = new Random(3);
        var reference = Normal(random, 800, 0);

        var same = Analyze(DriftColumn.Numeric("x", reference), DriftColumn.Numeric("x", Normal(random, 800, 0))).Columns.Single();
        var shifted = Analyze(DriftColumn.Numeric("x", reference), DriftColumn.Numeric("x", Normal(random, 800, 0.5))).Columns.Single();

        same.Threshold.Should().Be(0.05);
        same.Drifted.Should().Be(same.PValue <= 0.05);
        shifted.PValue.Should().BeLessThan(1e-10);
        shifted.Drifted.Should().BeTrue();
    }

    [Fact]
    public void Per_column_overrides_replace_test_and_threshold()
    {
        var random = new Random(4);
        var options = new DriftOptions();
        options.Columns["x"] = new ColumnDriftOptions { Test = DriftTestKind.PopulationStabilityIndex, Threshold = 0.25 };
        var reference = Normal(random, 5000, 0);
        var current = Normal(random, 5000, 0.3);

        var column = DriftAnalyzer.Analyze([DriftColumn.Numeric("x", reference)], [DriftColumn.Numeric("x", current)], options).Columns.Single();

        column.Test.Should().Be(DriftTestKind.PopulationStabilityIndex);
        column.Threshold.Should().Be(0.25);
        column.PValue.Should().BeNull();
        column.Statistic.Should().BeApproximately(DriftStatistics.PopulationStabilityIndexOfSamples(reference, current), 1e-12);
        column.Drifted.Should().Be(column.Statistic >= 0.25);
    }

    [Theory]
    [InlineData(0.5, true)]
    [InlineData(0.6, false)]
    public void Dataset_drifts_when_the_drifted_share_reaches_the_configured_share(double share, bool expected)
    {
        var random = new Random(5);
        var reference = Enumerable.Range(0, 4).Select(i => DriftColumn.Numeric($"c{i}", Normal(random, 300, 0))).ToArray();
        var current = Enumerable.Range(0, 4).Select(i => DriftColumn.Numeric($"c{i}", Normal(random, 300, i < 2 ? 2 : 0))).ToArray();
        var options = new DriftOptions { DatasetDriftShare = share };
        options.Columns["c2"] = new ColumnDriftOptions { Threshold = 1e-9 };
        options.Columns["c3"] = new ColumnDriftOptions { Threshold = 1e-9 };

        var report = DriftAnalyzer.Analyze(reference, current, options);

        report.DriftedColumns.Should().Be(2);
        report.DriftedShare.Should().Be(0.5);
        report.DatasetDrift.Should().Be(expected);
    }

    [Fact]
    public void Report_round_trips_through_System_Text_Json_including_an_infinite_chi_square()
    {
        var random = new Random(6);
        var report = DriftAnalyzer.Analyze(
            [DriftColumn.Numeric("x", Normal(random, 200, 0)), DriftColumn.Categorical("t", ["a", "b", "a", "c"])],
            [DriftColumn.Numeric("x", Normal(random, 200, 1)), DriftColumn.Categorical("t", ["a", "b", "d", "c"])]);

        var json = JsonSerializer.Serialize(report);
        var back = JsonSerializer.Deserialize<DriftReport>(json)!;

        json.Should().Contain("\"KolmogorovSmirnov\"").And.Contain("\"Infinity\"");
        back.Columns.Should().BeEquivalentTo(report.Columns);
        back.DatasetDrift.Should().Be(report.DatasetDrift);
        back.DriftedShare.Should().Be(report.DriftedShare);
    }

    [Fact]
    public void Profile_path_agrees_with_raw_samples_within_the_histogram_resolution()
    {
        var random = new Random(8);
        var reference = Normal(random, 200_000, 0);
        var current = Normal(random, 200_000, 0.15);
        var raw = DriftStatistics.NormalizedWasserstein(reference, current);

        var report = DriftAnalyzer.Analyze(
            new DatasetProfile(reference.Length, [Profiler.Numeric("x", reference)]),
            new DatasetProfile(current.Length, [Profiler.Numeric("x", current)]));

        var column = report.Columns.Single();
        column.Test.Should().Be(DriftTestKind.NormalizedWasserstein);
        column.Statistic.Should().BeApproximately(raw, 0.005);
        column.Drifted.Should().BeTrue();
    }

    [Fact]
    public void Profile_path_on_categories_uses_exact_counts()
    {
        var reference = Enumerable.Repeat("a", 600).Concat(Enumerable.Repeat("b", 500)).Concat(Enumerable.Repeat("c", 400)).ToArray();
        var current = Enumerable.Repeat("a", 300).Concat(Enumerable.Repeat("b", 300)).Concat(Enumerable.Repeat("c", 900)).ToArray();
        var options = new DriftOptions();
        options.Columns["t"] = new ColumnDriftOptions { Test = DriftTestKind.ChiSquare };

        var fromProfiles = DriftAnalyzer.Analyze(
            new DatasetProfile(reference.Length, [Profiler.Categorical("t", reference)]),
            new DatasetProfile(current.Length, [Profiler.Categorical("t", current)]),
            options).Columns.Single();
        var fromRaw = DriftAnalyzer.Analyze([DriftColumn.Categorical("t", reference)], [DriftColumn.Categorical("t", current)], options).Columns.Single();

        fromProfiles.Should().BeEquivalentTo(fromRaw);
    }

    [Fact]
    public void Profile_path_rejects_an_explicit_ks_override()
    {
        var options = new DriftOptions();
        options.Columns["x"] = new ColumnDriftOptions { Test = DriftTestKind.KolmogorovSmirnov };
        var profile = new DatasetProfile(10, [Profiler.Numeric("x", Enumerable.Range(0, 10).Select(i => (double)i))]);

        var act = () => DriftAnalyzer.Analyze(profile, profile, options);

        act.Should().Throw<MlopsValidationException>().Which.Field.Should().Be("x");
    }

    private static DriftReport Analyze(DriftColumn reference, DriftColumn current) => DriftAnalyzer.Analyze([reference], [current]);

    internal static double[] Normal(Random random, int count, double mean) =>
        Enumerable.Range(0, count).Select(_ => mean + (Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))).ToArray();
}
