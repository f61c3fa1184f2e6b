namespace Mlops.Registry;

/// <summary>A registered-model search in the filter language (see <see cref="Mlops.Search.ModelSearchParser"/>).</summary>
public sealed record ModelQuery
{
    /// <summary>The filter, e.g. <c>name LIKE 'penguins%' AND tags.team = 'ml'</c>; null for all models.</summary>
    public string? Filter { get; init; }

    /// <summary>Ordering keys, e.g. <c>latest_version DESC</c>, <c>name</c>; ties end with name ascending.</summary>
    public IReadOnlyList<string>? OrderBy { get; init; }

    /// <summary>The page size (1 to 50,000).</summary>
    /// <value>Defaults to 100.</value>
    public int MaxResults { get; init; } = 100;

    /// <summary>The token of the page to read, from a previous result's <c>NextPageToken</c>.</summary>
    public string? PageToken { get; init; }
}
