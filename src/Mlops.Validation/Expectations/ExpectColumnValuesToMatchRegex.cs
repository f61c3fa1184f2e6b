using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Mlops.Validation.Expectations;

/// <summary>
/// <c>expect_column_values_to_match_regex</c>: at least a <see cref="Mostly"/> fraction of the non-missing values of a
/// text column contain a match of <see cref="Regex"/> (a .NET pattern; anchor it with <c>^…$</c> to match whole values).
/// </summary>
public sealed record ExpectColumnValuesToMatchRegex : ColumnExpectation
{
    internal const string TypeName = "expect_column_values_to_match_regex";

    /// <summary>Creates the expectation; the pattern is compiled once here to reject bad patterns early.</summary>
    /// <param name="column">The text column.</param>
    /// <param name="regex">The .NET regular expression.</param>
    /// <param name="mostly">The least fraction of non-missing values that must match, in [0, 1].</param>
    [JsonConstructor]
    public ExpectColumnValuesToMatchRegex(string column, string regex, double mostly = 1.0) : base(column)
    {
        if (string.IsNullOrEmpty(regex))
        {
            throw new MlopsValidationException("regex", regex, "must be a non-empty .NET regular expression");
        }

        try
        {
            _ = new Regex(regex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            throw new MlopsValidationException("regex", regex, $"is not a valid .NET regular expression ({ex.Message})");
        }

        Regex = regex;
        Mostly = CheckMostly(mostly);
    }

    /// <summary>The .NET regular expression.</summary>
    public string Regex { get; }

    /// <summary>The least fraction of non-missing values that must match.</summary>
    /// <value>Defaults to 1.</value>
    public double Mostly { get; }

    /// <inheritdoc />
    [JsonIgnore]
    public override string ExpectationType => TypeName;
}
