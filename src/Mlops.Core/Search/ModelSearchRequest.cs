namespace Mlops.Search;

/// <summary>A parsed registered-model search.</summary>
/// <param name="Filter">The filter (fields: attributes <c>name</c>, <c>description</c>, <c>created_at</c>, <c>updated_at</c>, <c>latest_version</c>; <c>tags.KEY</c>), or null.</param>
/// <param name="OrderBy">Ordering keys; ties end with name ascending.</param>
/// <param name="MaxResults">Page size (1..50000).</param>
/// <param name="PageToken">A token from the previous page of the same search.</param>
public sealed record ModelSearchRequest(FilterExpression? Filter, IReadOnlyList<OrderByTerm> OrderBy, int MaxResults = 100, string? PageToken = null);
