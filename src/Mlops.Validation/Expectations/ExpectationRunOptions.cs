namespace Mlops.Validation.Expectations;

/// <summary>How an <see cref="ExpectationSuite"/> runs.</summary>
public sealed record ExpectationRunOptions
{
    /// <summary>The most failing rows kept per expectation.</summary>
    /// <value>Defaults to 20.</value>
    public int MaxUnexpectedExamples { get; init; } = 20;

    /// <summary>The longest one regular-expression match may take before the run is refused.</summary>
    /// <value>Defaults to one second.</value>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromSeconds(1);
}
