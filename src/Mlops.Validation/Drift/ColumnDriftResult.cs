using Mlops.Validation.Profiles;
using System.Text.Json.Serialization;

namespace Mlops.Validation.Drift;

/// <summary>The drift verdict of one column.</summary>
public sealed record ColumnDriftResult
{
    /// <summary>Column name.</summary>
    public required string Column { get; init; }

    /// <summary>How the column was classified for the default test.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<DriftColumnKind>))]
    public required DriftColumnKind Kind { get; init; }

    /// <summary>The test that ran.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<DriftTestKind>))]
    public required DriftTestKind Test { get; init; }

    /// <summary>The statistic (KS D, chi-square, z) or the distance; chi-square is +∞ when a category is new.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public required double Statistic { get; init; }

    /// <summary>The p-value of hypothesis tests, <see langword="null"/> for distances.</summary>
    public double? PValue { get; init; }

    /// <summary>The threshold applied.</summary>
    public required double Threshold { get; init; }

    /// <summary>Whether the column drifted (p ≤ threshold, or distance ≥ threshold).</summary>
    public required bool Drifted { get; init; }

    /// <summary>Non-null reference values.</summary>
    public long ReferenceCount { get; init; }

    /// <summary>Non-null current values.</summary>
    public long CurrentCount { get; init; }

    /// <summary>
    /// The reference values' histogram (numeric columns analysed from raw values; power-of-two bins, at most 256), so
    /// that a report can be drawn; <see langword="null"/> for categories and for the profile path.
    /// </summary>
    public NumericHistogram? ReferenceHistogram { get; init; }

    /// <summary>The current values' histogram, built the same way as <see cref="ReferenceHistogram"/>.</summary>
    public NumericHistogram? CurrentHistogram { get; init; }

    /// <summary>The value the threshold was compared with: the p-value for tests, the statistic for distances.</summary>
    [JsonIgnore]
    public double Score => PValue ?? Statistic;
}
