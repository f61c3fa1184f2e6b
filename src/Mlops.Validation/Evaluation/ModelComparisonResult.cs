using System.Text.Json.Serialization;

namespace Mlops.Validation.Evaluation;

/// <summary>A candidate and its champion evaluated on the same data, and the gate applied to them.</summary>
/// <param name="CandidateMetrics">The candidate's metrics by name.</param>
/// <param name="ChampionMetrics">The champion's metrics by name, or <see langword="null"/> when there is no champion.</param>
/// <param name="Gate">The thresholds applied with the champion as the baseline.</param>
public sealed record ModelComparisonResult(
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] IReadOnlyDictionary<string, double> CandidateMetrics,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] IReadOnlyDictionary<string, double>? ChampionMetrics,
    EvaluationGateResult Gate)
{
    /// <summary>Whether the candidate passed the gate.</summary>
    public bool Passed => Gate.Passed;
}
