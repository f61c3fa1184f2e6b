using System.Text.Json.Serialization;

namespace Mlops.Validation.Expectations;

/// <summary>
/// <c>expect_column_values_to_be_in_set</c>: at least a <see cref="Mostly"/> fraction of the non-missing values are in
/// <see cref="ValueSet"/>. Values compare as ordinal text: numbers in invariant round-trip form (<c>181</c>, <c>39.1</c>),
/// booleans as <c>true</c>/<c>false</c>.
/// </summary>
public sealed record ExpectColumnValuesToBeInSet : ColumnExpectation
{
    internal const string TypeName = "expect_column_values_to_be_in_set";

    /// <summary>Creates the expectation.</summary>
    /// <param name="column">The column.</param>
    /// <param name="valueSet">The expected values; at least one, none null.</param>
    /// <param name="mostly">The least fraction of non-missing values that must be in the set, in [0, 1].</param>
    [JsonConstructor]
    public ExpectColumnValuesToBeInSet(string column, IReadOnlyList<string> valueSet, double mostly = 1.0) : base(column)
    {
        if (valueSet is null || valueSet.Count == 0)
        {
            throw new MlopsValidationException("value_set", "[]", "must hold at least one value");
        }

        if (valueSet.Any(v => v is null))
        {
            throw new MlopsValidationException("value_set", null, "must not hold null; missing values are never checked against the set");
        }

        ValueSet = [.. valueSet];
        Mostly = CheckMostly(mostly);
    }

    /// <summary>The expected values.</summary>
    public IReadOnlyList<string> ValueSet { get; }

    /// <summary>The least fraction of non-missing values that must be in the set.</summary>
    /// <value>Defaults to 1.</value>
    public double Mostly { get; }

    /// <inheritdoc />
    [JsonIgnore]
    public override string ExpectationType => TypeName;

    /// <inheritdoc />
    public bool Equals(ExpectColumnValuesToBeInSet? other) =>
        other is not null && Column == other.Column && Mostly.Equals(other.Mostly) && ValueSet.SequenceEqual(other.ValueSet, StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Column, Mostly, ValueSet.Count);
}
