using System.Text.Json.Serialization;

namespace Mlops.Validation.Fairness;

/// <summary>The fairness summary of a <see cref="MetricFrame"/>: Fairlearn's parity metrics and the four-fifths rule.</summary>
/// <param name="Frame">The per-group metrics.</param>
/// <param name="Method">How the differences and ratios below aggregate over groups.</param>
/// <param name="DemographicParityDifference">Difference of selection rates.</param>
/// <param name="DemographicParityRatio">Ratio of selection rates.</param>
/// <param name="EqualizedOddsDifference">The larger of the true positive rate and false positive rate differences.</param>
/// <param name="EqualizedOddsRatio">The smaller of the true positive rate and false positive rate ratios.</param>
/// <param name="EqualOpportunityDifference">Difference of true positive rates.</param>
/// <param name="EqualOpportunityRatio">Ratio of true positive rates.</param>
/// <param name="FourFifthsRule">The four-fifths rule on selection rates (always between groups).</param>
public sealed record FairnessReport(
    MetricFrame Frame,
    FairnessMethod Method,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double DemographicParityDifference,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double DemographicParityRatio,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double EqualizedOddsDifference,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double EqualizedOddsRatio,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double EqualOpportunityDifference,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double EqualOpportunityRatio,
    FourFifthsRuleResult FourFifthsRule);
