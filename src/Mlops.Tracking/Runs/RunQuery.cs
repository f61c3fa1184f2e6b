namespace Mlops.Tracking;

/// <summary>A run search in the filter language, over one or more experiments by name.</summary>
/// <param name="ExperimentNames">The experiments to search.</param>
public sealed record RunQuery(params IReadOnlyList<string> ExperimentNames)
{
    /// <summary>The filter, e.g. <c>metrics.macro_accuracy &gt;= 0.9 AND params.trainer = 'sdca'</c>; null for all runs.</summary>
    public string? Filter { get; init; }

    /// <summary>Ordering keys, e.g. <c>metrics.macro_accuracy DESC</c>, <c>attributes.start_time</c>.</summary>
    public IReadOnlyList<string>? OrderBy { get; init; }

    /// <summary>The page size.</summary>
    /// <value>Defaults to 100.</value>
    public int MaxResults { get; init; } = 100;

    /// <summary>The token of the page to read, from a previous result's <c>NextPageToken</c>.</summary>
    public string? PageToken { get; init; }
}
