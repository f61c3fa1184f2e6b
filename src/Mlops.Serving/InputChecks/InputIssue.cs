namespace Mlops.Serving;

/// <summary>One problem the serve-time checks found in an input row.</summary>
/// <param name="Field">The input column.</param>
/// <param name="Kind">What is wrong.</param>
/// <param name="Value">The value as text.</param>
/// <param name="Rule">The rule it broke, in words.</param>
public sealed record InputIssue(string Field, InputIssueKind Kind, string Value, string Rule);

/// <summary>Kinds of input problem.</summary>
public enum InputIssueKind
{
    /// <summary>A null or empty value where the reference data had none.</summary>
    Missing,

    /// <summary>NaN where the reference data had no missing values.</summary>
    NaN,

    /// <summary>A number outside the reference range widened by the margin.</summary>
    OutOfRange,

    /// <summary>A category the reference data never had.</summary>
    UnknownCategory,
}
