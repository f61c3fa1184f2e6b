namespace Mlops.Search;

/// <summary>Thrown when a filter or order-by string does not parse. Names the position and what was expected.</summary>
public sealed class SearchParseException : MlopsException
{
    /// <summary>Creates the exception for the input, the zero-based position and what was expected there.</summary>
    public SearchParseException(string input, int position, string expected)
        : base($"Cannot parse search expression at position {position}: expected {expected}. Input: \"{input}\"")
    {
        Input = input;
        Position = position;
        Expected = expected;
    }

    /// <summary>The text that failed to parse.</summary>
    public string Input { get; }

    /// <summary>The zero-based character position where parsing failed.</summary>
    public int Position { get; }

    /// <summary>What the parser expected at <see cref="Position"/>.</summary>
    public string Expected { get; }
}
