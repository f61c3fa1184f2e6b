using Mlops.Validation.Drift;

namespace Mlops.Validation.Tests.Drift;

/// <summary>
/// Reference values come from scipy's documentation where it gives one, otherwise from closed forms evaluated in pure
/// Python (math.erfc, math.log; exact fractions for Wasserstein): chi-square with 2 degrees of freedom has
/// sf(x) = exp(−x/2), with 1 degree sf(x) = erfc(sqrt(x/2)); the normal two-sided p is erfc(|z|/sqrt 2).
/// </summary>
public sealed class DriftStatisticsTests
{
    [Fact]
    public void Chi_square_with_uniform_expectation_matches_scipy_documentation()
    {
        var result = DriftStatistics.ChiSquare([30, 20, 50]);

        result.Statistic.Should().BeApproximately(14.0, 1e-12);
        result.PValue!.Value.Should().BeApproximately(0.000911881965554516, 1e-12);
    }

    [Fact]
    public void Two_sample_chi_square_scales_reference_proportions_to_the_current_total()
    {
        // Expected = 100/200 × (100, 100) = (50, 50); χ² = (20² + 20²)/50 = 16, df 1: p = erfc(sqrt 8).
        var result = DriftStatistics.ChiSquare(Counts(("a", 100), ("b", 100)), Counts(("a", 30), ("b", 70)));

        result.Statistic.Should().BeApproximately(16, 1e-12);
        result.PValue!.Value.Should().BeApproximately(6.33424836662e-05, 1e-12);
    }

    [Fact]
    public void Two_sample_chi_square_with_equal_totals()
    {
        // χ² = 10²/50 + 10²/30 + 0 = 5.3333, df 2: p = exp(−5.3333/2).
        var result = DriftStatistics.ChiSquare(Counts(("a", 50), ("b", 30), ("c", 20)), Counts(("a", 40), ("b", 40), ("c", 20)));

        result.Statistic.Should().BeApproximately(16.0 / 3, 1e-12);
        result.PValue!.Value.Should().BeApproximately(0.0694834512228, 1e-12);
    }

    [Fact]
    public void A_category_unseen_in_the_reference_is_infinite_chi_square_and_drift()
    {
        var result = DriftStatistics.ChiSquare(Counts(("a", 10), ("b", 10)), Counts(("a", 5), ("b", 5), ("c", 1)));

        result.Statistic.Should().Be(double.PositiveInfinity);
        result.PValue.Should().Be(0);
    }

    [Fact]
    public void Z_test_for_two_proportions_is_pooled_and_two_sided()
    {
        // pooled 0.4; z = (0.3 − 0.5)/sqrt(0.4·0.6·(1/100 + 1/100)) = −2.886751; p = erfc(|z|/√2).
        var result = DriftStatistics.ZTestProportions(30, 100, 50, 100);

        result.Statistic.Should().BeApproximately(-2.886751345948129, 1e-12);
        result.PValue!.Value.Should().BeApproximately(0.00389241712278, 1e-12);
    }

    [Fact]
    public void Z_test_on_identical_constant_samples_is_p_one()
    {
        DriftStatistics.ZTestProportions(100, 100, 40, 40).PValue.Should().Be(1);
    }

    [Fact]
    public void Psi_matches_the_issue_reference()
    {
        // (0.1 − 0.2) ln(0.5) + (0.6 − 0.5) ln(1.2) + 0.
        DriftStatistics.PopulationStabilityIndex([0.2, 0.5, 0.3], [0.1, 0.6, 0.3]).Should().BeApproximately(0.0875468737354, 1e-12);
    }

    [Fact]
    public void Psi_floors_empty_shares_at_one_ten_thousandth()
    {
        // Third term: (0.2 − 0.0001) ln(0.2/0.0001).
        DriftStatistics.PopulationStabilityIndex([0.5, 0.5, 0], [0.4, 0.4, 0.2]).Should().BeApproximately(1.56404911193, 1e-10);
    }

    [Fact]
    public void Numeric_psi_cuts_at_reference_deciles()
    {
        // Reference 0..99: deciles 9.9, 19.8, …, 89.1, ten values per bin. Current 0..49: 0.2 in each of the first five
        // bins, nothing (floored to 1e-4) in the last five: 5·0.1·ln 2 + 5·(1e-4 − 0.1)·ln(1e-4/0.1).
        var reference = Enumerable.Range(0, 100).Select(x => (double)x).ToArray();
        var current = Enumerable.Range(0, 50).Select(x => (double)x).ToArray();

        DriftStatistics.PopulationStabilityIndexOfSamples(reference, current).Should().BeApproximately(3.79699735213, 1e-10);
        DriftStatistics.PopulationStabilityIndexOfSamples(reference, reference).Should().Be(0);
    }

    [Theory]
    [InlineData(new double[] { 1, 0 }, new double[] { 0.5, 0.5 }, 0.557923045284)] // scipy doc: 0.46450140 in base e
    [InlineData(new double[] { 1, 0, 0 }, new double[] { 0, 1, 0 }, 1.0)] // scipy doc, base 2
    [InlineData(new double[] { 10, 20, 30 }, new double[] { 30, 20, 10 }, 0.354703515198)] // counts are normalized
    public void Jensen_shannon_distance_base_two(double[] p, double[] q, double expected)
    {
        DriftStatistics.JensenShannonDistance(p, q).Should().BeApproximately(expected, 1e-10);
    }

    [Theory]
    [InlineData(new double[] { 0, 1, 3 }, new double[] { 5, 6, 8 }, 5.0)] // scipy documentation
    [InlineData(new double[] { 3.4, 3.9, 7.5, 7.8 }, new double[] { 4.5, 1.4 }, 2.7)]
    [InlineData(new double[] { 1, 2, 3, 4 }, new double[] { 1, 1, 5 }, 1.0)]
    public void Wasserstein_distance_on_raw_samples(double[] u, double[] v, double expected)
    {
        DriftStatistics.Wasserstein(u, v).Should().BeApproximately(expected, 1e-12);
        DriftStatistics.Wasserstein(v, u).Should().BeApproximately(expected, 1e-12);
    }

    [Fact]
    public void Normalized_wasserstein_divides_by_the_reference_population_standard_deviation()
    {
        // std([0, 1, 3]) = sqrt(42/27).
        DriftStatistics.NormalizedWasserstein([0, 1, 3], [5, 6, 8]).Should().BeApproximately(4.00891862869, 1e-10);

        // A constant reference has standard deviation 0, floored at 0.001.
        DriftStatistics.NormalizedWasserstein([2, 2, 2], [2, 2, 3]).Should().BeApproximately((1.0 / 3) / 0.001, 1e-9);
    }

    [Theory]
    [InlineData(new double[] { 0.5, 0.5 }, new double[] { 1, 0 }, 0.541196100146)]
    [InlineData(new double[] { 0.2, 0.5, 0.3 }, new double[] { 0.1, 0.6, 0.3 }, 0.104192544155)]
    public void Hellinger_distance(double[] p, double[] q, double expected)
    {
        DriftStatistics.HellingerDistance(p, q).Should().BeApproximately(expected, 1e-10);
    }

    private static Dictionary<string, long> Counts(params (string Key, long Count)[] items) =>
        items.ToDictionary(i => i.Key, i => i.Count, StringComparer.Ordinal);
}
