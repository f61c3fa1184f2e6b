using Mlops.Tracking;

namespace Mlops.Search;

/// <summary>One page of search results.</summary>
/// <param name="Runs">The runs on this page, in order.</param>
/// <param name="NextPageToken">The token for the next page, or <see langword="null"/> when this is the last.</param>
public sealed record RunSearchPage(IReadOnlyList<Run> Runs, string? NextPageToken);
