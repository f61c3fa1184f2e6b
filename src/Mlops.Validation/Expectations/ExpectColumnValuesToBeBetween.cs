using System.Globalization;
using System.Text.Json.Serialization;

namespace Mlops.Validation.Expectations;

/// <summary>
/// <c>expect_column_values_to_be_between</c>: at least a <see cref="Mostly"/> fraction of the non-missing values of a
/// numeric column lie within [<see cref="Min"/>, <see cref="Max"/>]. A missing bound is open.
/// </summary>
public sealed record ExpectColumnValuesToBeBetween : ColumnExpectation
{
    internal const string TypeName = "expect_column_values_to_be_between";

    /// <summary>Creates the expectation.</summary>
    /// <param name="column">The numeric column.</param>
    /// <param name="min">The lower bound, or <see langword="null"/> for none.</param>
    /// <param name="max">The upper bound, or <see langword="null"/> for none.</param>
    /// <param name="minInclusive">Whether a value equal to <paramref name="min"/> is expected.</param>
    /// <param name="maxInclusive">Whether a value equal to <paramref name="max"/> is expected.</param>
    /// <param name="mostly">The least fraction of non-missing values that must lie within the bounds, in [0, 1].</param>
    [JsonConstructor]
    public ExpectColumnValuesToBeBetween(string column, double? min, double? max, bool minInclusive = true, bool maxInclusive = true, double mostly = 1.0)
        : base(column)
    {
        if (min is null && max is null)
        {
            throw new MlopsValidationException("max", null, "at least one of min and max must be given");
        }

        if (min is { } lo && double.IsNaN(lo))
        {
            throw new MlopsValidationException("min", "NaN", "must be a number");
        }

        if (max is { } hi && double.IsNaN(hi))
        {
            throw new MlopsValidationException("max", "NaN", "must be a number");
        }

        if (min is { } a && max is { } b && (a > b || (a == b && !(minInclusive && maxInclusive))))
        {
            throw new MlopsValidationException(
                "min",
                a.ToString("R", CultureInfo.InvariantCulture),
                $"must not exceed max {b.ToString("R", CultureInfo.InvariantCulture)} (and may equal it only when both bounds are inclusive)");
        }

        Min = min;
        Max = max;
        MinInclusive = minInclusive;
        MaxInclusive = maxInclusive;
        Mostly = CheckMostly(mostly);
    }

    /// <summary>The lower bound, or <see langword="null"/> for none.</summary>
    public double? Min { get; }

    /// <summary>The upper bound, or <see langword="null"/> for none.</summary>
    public double? Max { get; }

    /// <summary>Whether a value equal to <see cref="Min"/> is expected.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool MinInclusive { get; }

    /// <summary>Whether a value equal to <see cref="Max"/> is expected.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool MaxInclusive { get; }

    /// <summary>The least fraction of non-missing values that must lie within the bounds.</summary>
    /// <value>Defaults to 1.</value>
    public double Mostly { get; }

    /// <inheritdoc />
    [JsonIgnore]
    public override string ExpectationType => TypeName;

    internal bool Contains(double value) =>
        (Min is not { } lo || (MinInclusive ? value >= lo : value > lo)) &&
        (Max is not { } hi || (MaxInclusive ? value <= hi : value < hi));
}
