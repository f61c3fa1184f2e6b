namespace Mlops.Tracking;

/// <summary>A run with its data: parameters, tags, the latest value of each metric and its dataset inputs.</summary>
/// <param name="Info">The run's attributes.</param>
/// <param name="Params">Parameters by key (immutable once logged).</param>
/// <param name="Tags">Tags by key (mutable).</param>
/// <param name="LatestMetrics">The latest point of each metric key (highest step, then latest timestamp, then the one logged last).</param>
/// <param name="Inputs">The datasets the run consumed.</param>
public sealed record Run(
    RunInfo Info,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, Metric> LatestMetrics,
    IReadOnlyList<DatasetInput> Inputs)
{
    /// <summary>The run identifier.</summary>
    public string RunId => Info.RunId;
}
