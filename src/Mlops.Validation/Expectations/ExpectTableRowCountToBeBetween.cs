using System.Globalization;
using System.Text.Json.Serialization;

namespace Mlops.Validation.Expectations;

/// <summary><c>expect_table_row_count_to_be_between</c>: the row count lies within [<see cref="Min"/>, <see cref="Max"/>], both inclusive.</summary>
public sealed record ExpectTableRowCountToBeBetween : Expectation
{
    internal const string TypeName = "expect_table_row_count_to_be_between";

    /// <summary>Creates the expectation.</summary>
    /// <param name="min">The least row count, or <see langword="null"/> for none.</param>
    /// <param name="max">The largest row count, or <see langword="null"/> for none.</param>
    [JsonConstructor]
    public ExpectTableRowCountToBeBetween(long? min, long? max)
    {
        if (min is null && max is null)
        {
            throw new MlopsValidationException("max", null, "at least one of min and max must be given");
        }

        if (min is < 0)
        {
            throw new MlopsValidationException("min", min.Value.ToString(CultureInfo.InvariantCulture), "a row count must not be negative");
        }

        if (min is { } a && max is { } b && a > b)
        {
            throw new MlopsValidationException("min", a.ToString(CultureInfo.InvariantCulture), $"must not exceed max {b.ToString(CultureInfo.InvariantCulture)}");
        }

        Min = min;
        Max = max;
    }

    /// <summary>The least row count, or <see langword="null"/> for none.</summary>
    public long? Min { get; }

    /// <summary>The largest row count, or <see langword="null"/> for none.</summary>
    public long? Max { get; }

    /// <inheritdoc />
    [JsonIgnore]
    public override string ExpectationType => TypeName;
}
