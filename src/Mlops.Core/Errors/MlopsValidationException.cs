namespace Mlops;

/// <summary>Thrown when an input breaks a rule. Names the field, the offending value and the rule. Nothing was written.</summary>
public sealed class MlopsValidationException : MlopsException
{
    /// <summary>Creates the exception for a field, its value and the rule it breaks.</summary>
    public MlopsValidationException(string field, string? value, string rule)
        : base($"Invalid {field} '{Shorten(value)}': {rule}")
    {
        Field = field;
        Value = value;
        Rule = rule;
    }

    /// <summary>The name of the offending field, such as <c>param key</c> or <c>metric key</c>.</summary>
    public string Field { get; }

    /// <summary>The offending value as given (may be long; the message shortens it).</summary>
    public string? Value { get; }

    /// <summary>The rule the value breaks.</summary>
    public string Rule { get; }

    private static string Shorten(string? value) =>
        value is null ? "<null>" : value.Length <= 120 ? value : string.Concat(value.AsSpan(0, 117), "...");
}
