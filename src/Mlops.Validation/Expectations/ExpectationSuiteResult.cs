using System.Text.Json;
using Mlops.Validation.Expectations.Implementation;

namespace Mlops.Validation.Expectations;

/// <summary>The outcome of running an <see cref="ExpectationSuite"/> over one dataset.</summary>
public sealed record ExpectationSuiteResult
{
    /// <summary>The name of the suite that ran.</summary>
    public required string SuiteName { get; init; }

    /// <summary>Whether every expectation passed.</summary>
    public required bool Success { get; init; }

    /// <summary>The number of rows in the data.</summary>
    public long RowCount { get; init; }

    /// <summary>Counts of passed and failed expectations.</summary>
    public required ExpectationStatistics Statistics { get; init; }

    /// <summary>One result per expectation, in suite order.</summary>
    public required IReadOnlyList<ExpectationResult> Results { get; init; }

    /// <summary>Writes the result as JSON (camelCase, expectations tagged by <c>expectation_type</c>).</summary>
    /// <returns>The JSON document.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, ExpectationJson.Options);

    /// <summary>Reads a result written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON document.</param>
    /// <returns>The result.</returns>
    /// <exception cref="MlopsValidationException">The document is not a valid result.</exception>
    public static ExpectationSuiteResult FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ExpectationJson.Read<ExpectationSuiteResult>(json, "expectation suite result json");
    }
}
