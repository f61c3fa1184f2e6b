using Mlops.Validation.Drift;

namespace Mlops.Validation.Tests.Drift;

/// <summary>
/// Reference values: the first is scipy's documented <c>ks_2samp(range(1, 11), range(3, 13))</c>. The others were derived
/// (no scipy on this machine) by an independent exact computation in pure Python with fractions: D as the maximum of
/// |F1 − F2| over all observed values with right-continuous ECDFs (bisect_right, as scipy's searchsorted side='right'),
/// and p = 1 − (lattice paths from (0,0) to (n1,n2) staying strictly inside |i/n1 − j/n2| &lt; D) / C(n1+n2, n1) with
/// big-integer path counts — the null distribution scipy's 'exact' method evaluates (ties do not change it in scipy).
/// </summary>
public sealed class KolmogorovSmirnovTests
{
    public static TheoryData<string, double[], double[], double, double> Cases() => new()
    {
        { "scipy documentation: equal sizes", Seq(1, 10), Seq(3, 10), 0.2, 0.994457554829 },
        { "ties inside and across samples", [1, 2, 2, 3, 3, 3, 4, 5], [3, 4, 4, 5, 6, 7, 7, 8, 9], 0.638888888889, 0.0468942821884 },
        { "unequal sizes with a common divisor", Seq(0, 20), Seq(0, 15).Select(x => x + 5.5).ToArray(), 0.3, 0.363115129145 },
        { "equal sizes of 100, shifted", Seq(0, 100).Select(x => x / 10).ToArray(), Seq(0, 100).Select(x => (x / 10) + 3).ToArray(), 0.3, 0.000224873931749 },
        { "coprime sizes 7 and 11", [1, 3, 5, 7, 9, 11, 13], [2, 2.5, 8, 8.5, 14, 15, 16, 17, 18, 19, 20], 0.636363636364, 0.035696329814 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Exact_path_matches_the_reference(string because, double[] a, double[] b, double d, double p)
    {
        var result = DriftStatistics.KolmogorovSmirnov(a, b);

        result.Statistic.Should().BeApproximately(d, 1e-9, because);
        result.PValue!.Value.Should().BeApproximately(p, 1e-9, because);
        result.Method.Should().Be("exact");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Test_is_symmetric_in_its_samples(string because, double[] a, double[] b, double d, double p)
    {
        var result = DriftStatistics.KolmogorovSmirnov(b, a);

        result.Statistic.Should().BeApproximately(d, 1e-9, because);
        result.PValue!.Value.Should().BeApproximately(p, 1e-9, because);
    }

    [Theory]
    [InlineData(0.5, 0.963945243664875)]
    [InlineData(1.0, 0.269999671677355)]
    [InlineData(1.36, 0.0494858767553779)]
    [InlineData(2.0, 0.000670925255779695)]
    public void Kolmogorov_survival_matches_the_series(double x, double expected)
    {
        // Values of 2 Σ (−1)^(k−1) exp(−2k²x²) summed to 200 terms in Python; scipy's kstwobign.sf(1.0) = 0.26999967.
        KolmogorovSmirnov.KolmogorovSurvival(x).Should().BeApproximately(expected, 1e-12);
    }

    [Fact]
    public void Samples_over_ten_thousand_use_the_asymptotic_distribution()
    {
        var random = new Random(7);
        var a = Enumerable.Range(0, 12_000).Select(_ => random.NextDouble()).ToArray();
        var b = Enumerable.Range(0, 11_000).Select(_ => random.NextDouble() + 0.02).ToArray();

        var result = DriftStatistics.KolmogorovSmirnov(a, b);

        result.Method.Should().Be("asymptotic");
        var en = 12_000.0 * 11_000 / 23_000;
        result.PValue!.Value.Should().BeApproximately(KolmogorovSmirnov.KolmogorovSurvival(Math.Sqrt(en) * result.Statistic), 1e-15);
        result.Statistic.Should().BeInRange(0.01, 0.04);
    }

    [Fact]
    public void Identical_samples_have_p_one()
    {
        var result = DriftStatistics.KolmogorovSmirnov([1, 2, 3], [1, 2, 3]);

        result.Statistic.Should().Be(0);
        result.PValue.Should().Be(1);
    }

    private static double[] Seq(int start, int count) => Enumerable.Range(start, count).Select(x => (double)x).ToArray();
}
