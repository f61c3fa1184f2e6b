using System.Globalization;

namespace Mlops.Validation.Expectations;

/// <summary>An expectation about one column.</summary>
public abstract record ColumnExpectation : Expectation
{
    private protected ColumnExpectation(string column)
    {
        if (string.IsNullOrWhiteSpace(column))
        {
            throw new MlopsValidationException("column", column, "a column expectation needs a non-empty column name");
        }

        Column = column;
    }

    /// <summary>The column the expectation is about.</summary>
    public string Column { get; }

    private protected static double CheckMostly(double mostly)
    {
        if (double.IsNaN(mostly) || mostly < 0 || mostly > 1)
        {
            throw new MlopsValidationException("mostly", mostly.ToString("R", CultureInfo.InvariantCulture), "must be a fraction between 0 and 1 inclusive");
        }

        return mostly;
    }
}
