using System.Text.Json;
using Microsoft.ML;
using Mlops.Validation.Profiles;

namespace Mlops.Validation.Tests.Profiles;

public sealed class ProfilerTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(777)]
    [InlineData(25_000)]
    public void Merged_profile_equals_the_one_pass_profile(int split)
    {
        var random = new Random(11);

        // Growing magnitude forces several histogram coarsenings in each part.
        var values = Enumerable.Range(0, 50_000).Select(i => (random.NextDouble() - 0.3) * (1 + (i / 100.0))).ToArray();

        var whole = Profiler.Numeric("x", values);
        var merged = Profiler.Merge(Profiler.Numeric("x", values[..split]), Profiler.Numeric("x", values[split..]));

        merged.Histogram!.Exponent.Should().Be(whole.Histogram!.Exponent);
        merged.Histogram.FirstBin.Should().Be(whole.Histogram.FirstBin);
        merged.Histogram.Counts.Should().Equal(whole.Histogram.Counts);
        merged.RowCount.Should().Be(whole.RowCount);
        merged.Min.Should().Be(whole.Min);
        merged.Max.Should().Be(whole.Max);
        merged.Mean!.Value.Should().BeApproximately(whole.Mean!.Value, 1e-9);
        merged.Variance!.Value.Should().BeApproximately(whole.Variance!.Value, 1e-9 * whole.Variance.Value);
        merged.DistinctValues.Should().BeNull();
    }

    [Fact]
    public void Histogram_stays_within_the_bin_budget_and_quantiles_are_within_one_bin()
    {
        var random = new Random(12);
        var values = DriftTests.Normal(random, 100_000);
        var profile = Profiler.Numeric("x", values);
        var sorted = values.Order().ToArray();

        profile.Histogram!.Counts.Count.Should().BeLessThanOrEqualTo(2048);
        profile.Histogram.Total.Should().Be(values.Length);
        foreach (var q in new[] { 0.01, 0.1, 0.5, 0.9, 0.99 })
        {
            var exact = sorted[(int)(q * (sorted.Length - 1))];
            HistogramQuantile(profile, q).Should().BeApproximately(exact, profile.Histogram.BinWidth + 1e-3);
        }

        profile.Mean!.Value.Should().BeApproximately(values.Average(), 1e-9);
        profile.Variance!.Value.Should().BeApproximately(values.Select(v => (v - values.Average()) * (v - values.Average())).Average(), 1e-9);
    }

    [Fact]
    public void Nulls_few_distinct_values_and_bounded_categories()
    {
        var numbers = Profiler.Numeric("n", [1, 2, double.NaN, 2, double.PositiveInfinity, 3]);
        numbers.NullCount.Should().Be(2);
        numbers.DistinctValues.Should().Equal(1, 2, 3);
        numbers.DistinctCounts.Should().Equal(1, 2, 1);

        var texts = Enumerable.Range(0, 100).Select(i => i < 50 ? "common" : $"rare{i}").Append(null).ToArray();
        var profile = Profiler.Categorical("t", texts, new ProfileOptions { MaxCategories = 10 });
        profile.NullCount.Should().Be(1);
        profile.Categories!.Count.Should().Be(10);
        profile.Categories["common"].Should().Be(50);
        profile.OtherCount.Should().Be(41);
    }

    [Fact]
    public void Profile_from_the_penguins_data_view()
    {
        var penguins = Penguins();
        var data = new MLContext(seed: 0).Data.LoadFromEnumerable(penguins);

        var profile = Profiler.FromDataView(data, cancellationToken: TestContext.Current.CancellationToken);

        profile.RowCount.Should().Be(344);
        var species = profile.Column(nameof(PenguinRow.Species))!;
        species.Kind.Should().Be(ProfileColumnKind.Categorical);
        species.Categories.Should().BeEquivalentTo(new Dictionary<string, long> { ["Adelie"] = 152, ["Chinstrap"] = 68, ["Gentoo"] = 124 });

        var flipper = profile.Column(nameof(PenguinRow.FlipperLength))!;
        var known = penguins.Select(p => (double)p.FlipperLength).Where(double.IsFinite).ToArray();
        flipper.NullCount.Should().Be(344 - known.Length).And.Be(2);
        flipper.Min.Should().Be(known.Min());
        flipper.Max.Should().Be(known.Max());
        flipper.Mean!.Value.Should().BeApproximately(known.Average(), 1e-9);
        flipper.Histogram!.Total.Should().Be(known.Length);
    }

    [Fact]
    public void Profiles_round_trip_through_System_Text_Json()
    {
        var data = new MLContext(seed: 0).Data.LoadFromEnumerable(Penguins());
        var profile = Profiler.FromDataView(data, cancellationToken: TestContext.Current.CancellationToken);

        var json = JsonSerializer.Serialize(profile);
        var back = JsonSerializer.Deserialize<DatasetProfile>(json)!;

        back.Should().BeEquivalentTo(profile);
        json.Should().Contain("\"Categorical\"");
    }

    private static double HistogramQuantile(ColumnProfile p, double q)
    {
        double target = q * p.Histogram!.Total, cumulative = 0;
        for (var i = 0; i < p.Histogram.Counts.Count; i++)
        {
            var c = p.Histogram.Counts[i];
            if (c > 0 && cumulative + c >= target)
            {
                return (p.Histogram.FirstBin + i + ((target - cumulative) / c)) * p.Histogram.BinWidth;
            }

            cumulative += c;
        }

        return double.NaN;
    }

    private static List<PenguinRow> Penguins()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "data", "penguins.json")));
        return doc.RootElement.EnumerateArray().Select(e => new PenguinRow
        {
            Species = e.GetProperty("Species").GetString()!,
            FlipperLength = e.GetProperty("Flipper Length (mm)").ValueKind == JsonValueKind.Number ? e.GetProperty("Flipper Length (mm)").GetSingle() : float.NaN,
            BodyMass = e.GetProperty("Body Mass (g)").ValueKind == JsonValueKind.Number ? e.GetProperty("Body Mass (g)").GetSingle() : float.NaN,
            Sex = e.TryGetProperty("Sex", out var sex) && sex.ValueKind == JsonValueKind.String ? sex.GetString()! : "",
        }).ToList();
    }

    private sealed class PenguinRow
    {
        public string Species { get; set; } = "";

        public float FlipperLength { get; set; }

        public float BodyMass { get; set; }

        public string Sex { get; set; } = "";
    }
}

internal static class DriftTests
{
    internal static double[] Normal(Random random, int count) => Mlops.Validation.Tests.Drift.DriftAnalyzerTests.Normal(random, count, 0);
}
