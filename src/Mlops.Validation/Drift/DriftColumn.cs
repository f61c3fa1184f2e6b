namespace Mlops.Validation.Drift;

/// <summary>Raw values of one column for drift analysis: either numbers or text.</summary>
public sealed record DriftColumn
{
    private DriftColumn(string name, IReadOnlyList<double>? numbers, IReadOnlyList<string?>? texts)
    {
        Name = name;
        Numbers = numbers;
        Texts = texts;
    }

    /// <summary>Column name.</summary>
    public string Name { get; }

    /// <summary>Numeric values (NaN and ±∞ are ignored as nulls), or <see langword="null"/> for a text column.</summary>
    public IReadOnlyList<double>? Numbers { get; }

    /// <summary>Text values (<see langword="null"/> entries are ignored), or <see langword="null"/> for a numeric column.</summary>
    public IReadOnlyList<string?>? Texts { get; }

    /// <summary>A numeric column.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="values">The values.</param>
    /// <returns>The column.</returns>
    public static DriftColumn Numeric(string name, IReadOnlyList<double> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(values);
        return new DriftColumn(name, values, null);
    }

    /// <summary>A text (categorical) column.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="values">The values.</param>
    /// <returns>The column.</returns>
    public static DriftColumn Categorical(string name, IReadOnlyList<string?> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(values);
        return new DriftColumn(name, null, values);
    }
}
