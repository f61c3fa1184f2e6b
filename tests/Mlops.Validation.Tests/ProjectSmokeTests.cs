namespace Mlops.Validation.Tests;

public sealed class ProjectSmokeTests
{
    [Fact]
    public void MathNet_is_available_for_distributions()
    {
        MathNet.Numerics.Distributions.ChiSquared.CDF(2, 14.0).Should().BeApproximately(1 - 0.000911882, 1e-9);
    }
}
