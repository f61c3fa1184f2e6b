using Mlops.Registry;

namespace Mlops.Search;

/// <summary>One page of registered models.</summary>
/// <param name="Models">The models on this page.</param>
/// <param name="NextPageToken">The next page's token, or null on the last page.</param>
public sealed record ModelSearchPage(IReadOnlyList<RegisteredModel> Models, string? NextPageToken);
