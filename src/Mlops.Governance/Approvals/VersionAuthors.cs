using Mlops.Registry;

namespace Mlops.Governance;

/// <summary>
/// Who authored a model version, for separation of duties: the actor who registered it and, when it came from a run, the
/// actor who ran the training. Neither may approve its promotion, and neither's approval counts.
/// </summary>
internal static class VersionAuthors
{
    public static async Task<IReadOnlyCollection<string>> GetAsync(IModelRegistry registry, ModelVersion version, CancellationToken cancellationToken)
    {
        var authors = new HashSet<string>(StringComparer.Ordinal) { version.CreatedBy };
        if (version.RunId is not null
            && (await registry.GetLineageAsync(version.Uri, cancellationToken).ConfigureAwait(false)).Run is { } run)
        {
            authors.Add(run.User);
        }

        return authors;
    }
}
