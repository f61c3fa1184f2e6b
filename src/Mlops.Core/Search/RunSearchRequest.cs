namespace Mlops.Search;

/// <summary>A parsed run search, as a store receives it.</summary>
/// <param name="ExperimentIds">The experiments to search (at least one).</param>
/// <param name="Filter">The filter, or <see langword="null"/> for all runs.</param>
/// <param name="OrderBy">Ordering keys, applied in turn; ties end with start time descending, then run id.</param>
/// <param name="MaxResults">The page size (1..50000).</param>
/// <param name="PageToken">A token from a previous page of the same search, or <see langword="null"/> for the first page.</param>
public sealed record RunSearchRequest(
    IReadOnlyList<string> ExperimentIds,
    FilterExpression? Filter,
    IReadOnlyList<OrderByTerm> OrderBy,
    int MaxResults = 100,
    string? PageToken = null);
