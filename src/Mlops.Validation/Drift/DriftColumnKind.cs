namespace Mlops.Validation.Drift;

/// <summary>How a column is treated when its default drift test is chosen.</summary>
public enum DriftColumnKind
{
    /// <summary>Numbers with more than the few-values limit of distinct values.</summary>
    Numeric,

    /// <summary>Text categories, or numbers with few distinct values.</summary>
    Categorical,

    /// <summary>Exactly two distinct values across reference and current.</summary>
    Binary,
}
