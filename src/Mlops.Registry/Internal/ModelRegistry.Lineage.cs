using Mlops.Artifacts;
using Mlops.Governance;
using Mlops.Tracking;

namespace Mlops.Registry;

internal sealed partial class ModelRegistry
{
    // Run tags written by Mlops.Tracking's environment capture (the registry depends on Core only).
    private const string GitCommitTag = "mlops.source.git.commit";
    private const string GitDirtyTag = "mlops.source.git.dirty";

    public async Task<ModelLineage> GetLineageAsync(string modelUri, CancellationToken cancellationToken = default)
    {
        var version = await ResolveAsync(modelUri, cancellationToken).ConfigureAwait(false);
        if (version.RunId is null)
        {
            return new ModelLineage(version, null, [], null, null);
        }

        var run = await _tracking.GetRunAsync(version.RunId, cancellationToken).ConfigureAwait(false)
            ?? throw new MlopsNotFoundException("run", version.RunId);
        run.Tags.TryGetValue(GitCommitTag, out var commit);
        bool? dirty = run.Tags.TryGetValue(GitDirtyTag, out var text) && bool.TryParse(text, out var parsed) ? parsed : null;
        return new ModelLineage(version, run.Info, run.Inputs, commit, dirty);
    }

    /// <summary>Leaves out the versions of models the actor cannot read.</summary>
    public async Task<IReadOnlyList<ModelVersion>> FindVersionsByDatasetAsync(string digest, CancellationToken cancellationToken = default)
    {
        ArtifactDigest.Validate(digest);
        var versions = await _store.FindModelVersionsByDatasetDigestAsync(digest, cancellationToken).ConfigureAwait(false);
        return AccessEnforced ? await FilterReadableAsync(versions, v => v.ModelName, cancellationToken).ConfigureAwait(false) : versions;
    }

    public async Task<IReadOnlyList<RunInfo>> GetRunsFeedingModelAsync(string name, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        await DemandAsync(name, PermissionLevel.Read, cancellationToken).ConfigureAwait(false);
        var versions = await _store.ListModelVersionsAsync(name, cancellationToken).ConfigureAwait(false);
        var runs = new List<RunInfo>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var version in versions)
        {
            if (version.RunId is { } runId && seen.Add(runId)
                && await _tracking.GetRunAsync(runId, cancellationToken).ConfigureAwait(false) is { } run)
            {
                runs.Add(run.Info);
            }
        }

        return runs;
    }
}
