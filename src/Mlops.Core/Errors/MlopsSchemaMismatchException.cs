namespace Mlops;

/// <summary>Thrown when a model's schema does not fit the declared types (or another signature). Names the column. Nothing was registered or loaded.</summary>
public sealed class MlopsSchemaMismatchException : MlopsException
{
    /// <summary>Creates the exception for a column and what is wrong with it.</summary>
    public MlopsSchemaMismatchException(string column, string problem)
        : base($"Schema mismatch on column '{column}': {problem}")
    {
        Column = column;
        Problem = problem;
    }

    /// <summary>The offending column.</summary>
    public string Column { get; }

    /// <summary>What does not fit.</summary>
    public string Problem { get; }
}
