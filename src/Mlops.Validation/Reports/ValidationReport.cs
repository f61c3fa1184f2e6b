using System.Text.Json;
using System.Text.Json.Serialization;
using Mlops.Validation.Drift;
using Mlops.Validation.Evaluation;
using Mlops.Validation.Expectations;
using Mlops.Validation.Fairness;

namespace Mlops.Validation;

/// <summary>
/// Everything a validation gate found about one model version in one document: data expectations, drift, the
/// evaluation gate against thresholds and the champion, and fairness — with an overall verdict. Serialized with
/// System.Text.Json source generation (<see cref="ToJson"/>), stored as an artifact and linked to the version by a
/// <c>model.version.validated</c> journal entry; <see cref="ToMarkdown"/> renders it for people.
/// </summary>
public sealed record ValidationReport
{
    /// <summary>The format version of the JSON document.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>The JSON format version.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The model version validated, as <c>models:/name/N</c>.</summary>
    public required string ModelUri { get; init; }

    /// <summary>When the report was made.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Who made it.</summary>
    public required string CreatedBy { get; init; }

    /// <summary>Data expectations run over the evaluation data, if any.</summary>
    public ExpectationSuiteResult? DataExpectations { get; init; }

    /// <summary>Drift of the evaluation (or live) data against the reference data, if computed.</summary>
    public DriftReport? Drift { get; init; }

    /// <summary>The evaluation gate: candidate vs thresholds and vs the champion on the same data, if run.</summary>
    public ModelComparisonResult? Evaluation { get; init; }

    /// <summary>Fairness by sensitive features, if assessed.</summary>
    public FairnessReport? Fairness { get; init; }

    /// <summary>Whether a failed four-fifths rule fails the report.</summary>
    public bool FairnessGates { get; init; } = true;

    /// <summary>The names of the checks that failed (empty when passed).</summary>
    public IReadOnlyList<string> FailedChecks => Failures().ToList();

    /// <summary>The overall verdict: failed when any part failed.</summary>
    public ValidationVerdict Verdict => Failures().Any() ? ValidationVerdict.Failed : ValidationVerdict.Passed;

    /// <summary>Serializes the report (source-generated System.Text.Json).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ValidationReportJsonContext.Default.ValidationReport);

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    /// <exception cref="MlopsValidationException">The text is not a validation report.</exception>
    public static ValidationReport FromJson(string json)
    {
        ArgumentException.ThrowIfNullOrEmpty(json);
        try
        {
            return JsonSerializer.Deserialize(json, ValidationReportJsonContext.Default.ValidationReport)
                ?? throw new MlopsValidationException("validation report", json, "the JSON document is null.");
        }
        catch (JsonException e)
        {
            throw new MlopsValidationException("validation report", json.Length > 200 ? json[..200] : json, "it is not a validation report JSON document: " + e.Message);
        }
    }

    /// <summary>Renders the report as Markdown for people (model cards, pull requests, the dashboard).</summary>
    public string ToMarkdown() => ValidationReportMarkdown.Render(this);

    private IEnumerable<string> Failures()
    {
        if (DataExpectations is { Success: false } expectations)
        {
            foreach (var result in expectations.Results.Where(r => !r.Success))
            {
                yield return "data: " + result.Expectation.ExpectationType + Column(result.Expectation);
            }
        }

        if (Drift is { DatasetDrift: true } drift)
        {
            yield return $"drift: {drift.DriftedColumns} of {drift.Columns.Count} columns drifted (share {drift.DriftedShare:0.###} ≥ {drift.DatasetDriftShare:0.###})";
        }

        if (Evaluation is { Passed: false } evaluation)
        {
            foreach (var metric in evaluation.Gate.Metrics.Where(m => !m.Passed))
            {
                yield return "evaluation: " + metric.Metric;
            }
        }

        if (FairnessGates && Fairness is { FourFifthsRule.Passed: false })
        {
            yield return "fairness: four-fifths rule";
        }
    }

    private static string Column(Expectation expectation) =>
        expectation is ColumnExpectation column ? $" ({column.Column})" : string.Empty;
}

/// <summary>Source-generated serialization of <see cref="ValidationReport"/>.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ValidationReport))]
internal sealed partial class ValidationReportJsonContext : JsonSerializerContext;
