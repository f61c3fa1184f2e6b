namespace Mlops.Tracking;

/// <summary>How to start a run.</summary>
public sealed record RunOptions
{
    /// <summary>The run name; a generated one (<c>run-yyyyMMdd-HHmmss-xxxx</c>) when null.</summary>
    public string? RunName { get; init; }

    /// <summary>The parent run for a nested run (same experiment).</summary>
    public string? ParentRunId { get; init; }

    /// <summary>Tags set when the run is created.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>Overrides <see cref="TrackingOptions.CaptureEnvironment"/> for this run.</summary>
    public bool? CaptureEnvironment { get; init; }
}
