namespace Mlops.Validation.Profiles;

/// <summary>Memory bounds of a profile.</summary>
public sealed class ProfileOptions
{
    /// <summary>Maximum histogram bins per numeric column.</summary>
    /// <value>2048 (16 KB per column); at least 16.</value>
    public int MaxBins { get; set; } = 2048;

    /// <summary>Categories counted individually per text column; rarer ones are summed into the other count.</summary>
    /// <value>1000. Counts are exact (and merges equal one-pass profiles) while a column has at most this many categories.</value>
    public int MaxCategories { get; set; } = 1000;

    internal void Validate()
    {
        if (MaxBins < 16)
        {
            throw new MlopsValidationException(nameof(MaxBins), MaxBins.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be at least 16");
        }

        if (MaxCategories < 1)
        {
            throw new MlopsValidationException(nameof(MaxCategories), MaxCategories.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be at least 1");
        }
    }
}
