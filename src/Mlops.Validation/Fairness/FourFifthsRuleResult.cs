using System.Text.Json.Serialization;

namespace Mlops.Validation.Fairness;

/// <summary>
/// The four-fifths (80 %) rule of adverse impact: the lowest group selection rate divided by the highest must be at least
/// <see cref="Threshold"/>.
/// </summary>
/// <param name="Ratio">The demographic parity ratio (between groups); NaN when no group selects anyone (0 / 0).</param>
/// <param name="Threshold">The smallest acceptable ratio. <value>Default 0.8.</value></param>
/// <param name="Passed">Whether <see cref="Ratio"/> ≥ <see cref="Threshold"/>; an undefined ratio does not pass.</param>
/// <param name="Message">A sentence naming the ratio and the rule.</param>
public sealed record FourFifthsRuleResult(
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double Ratio,
    double Threshold,
    bool Passed,
    string Message);
