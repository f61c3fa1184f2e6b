using System.Text.Json.Serialization;

namespace Mlops.Validation.Expectations;

/// <summary>
/// <c>expect_column_values_to_not_be_null</c>: at least a <see cref="Mostly"/> fraction of all rows hold a value
/// (null, NaN and empty text count as missing).
/// </summary>
public sealed record ExpectColumnValuesToNotBeNull : ColumnExpectation
{
    internal const string TypeName = "expect_column_values_to_not_be_null";

    /// <summary>Creates the expectation.</summary>
    /// <param name="column">The column.</param>
    /// <param name="mostly">The least fraction of rows that must hold a value, in [0, 1].</param>
    [JsonConstructor]
    public ExpectColumnValuesToNotBeNull(string column, double mostly = 1.0) : base(column) => Mostly = CheckMostly(mostly);

    /// <summary>The least fraction of rows that must hold a value.</summary>
    /// <value>Defaults to 1 (every row).</value>
    public double Mostly { get; }

    /// <inheritdoc />
    [JsonIgnore]
    public override string ExpectationType => TypeName;
}
