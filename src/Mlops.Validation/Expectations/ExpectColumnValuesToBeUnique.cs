using System.Text.Json.Serialization;

namespace Mlops.Validation.Expectations;

/// <summary>
/// <c>expect_column_values_to_be_unique</c>: at least a <see cref="Mostly"/> fraction of the non-missing values occur once.
/// Every occurrence of a repeated value is unexpected (as in Great Expectations).
/// </summary>
public sealed record ExpectColumnValuesToBeUnique : ColumnExpectation
{
    internal const string TypeName = "expect_column_values_to_be_unique";

    /// <summary>Creates the expectation.</summary>
    /// <param name="column">The column.</param>
    /// <param name="mostly">The least fraction of non-missing values that must be unique, in [0, 1].</param>
    [JsonConstructor]
    public ExpectColumnValuesToBeUnique(string column, double mostly = 1.0) : base(column) => Mostly = CheckMostly(mostly);

    /// <summary>The least fraction of non-missing values that must be unique.</summary>
    /// <value>Defaults to 1.</value>
    public double Mostly { get; }

    /// <inheritdoc />
    [JsonIgnore]
    public override string ExpectationType => TypeName;
}
