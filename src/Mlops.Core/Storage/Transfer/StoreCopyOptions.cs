using Mlops.Artifacts;

namespace Mlops.Storage;

/// <summary>What <see cref="MlopsStoreCopy"/> copies besides the metadata, and where it reports progress.</summary>
public sealed class StoreCopyOptions
{
    /// <summary>
    /// The artifact store the source's rows refer to. With <see cref="TargetArtifacts"/>, every artifact the copied rows
    /// name by digest (model versions, run artifacts, validation reports, ...) is copied before the metadata commits, so
    /// the target never refers to bytes it does not have. Leave both unset when both stores share one artifact store.
    /// </summary>
    public IArtifactStore? SourceArtifacts { get; set; }

    /// <summary>The artifact store the target's rows will refer to; see <see cref="SourceArtifacts"/>.</summary>
    public IArtifactStore? TargetArtifacts { get; set; }

    /// <summary>Receives progress: once per table start and end and every <see cref="ProgressInterval"/> rows.</summary>
    public IProgress<StoreCopyProgress>? Progress { get; set; }

    /// <summary>Rows between progress reports inside a table (default 10,000).</summary>
    public int ProgressInterval { get; set; } = 10_000;
}

/// <summary>Where a copy is.</summary>
/// <param name="Stage">What is being copied: <c>rows</c>, <c>artifacts</c>, <c>commit</c> or <c>verify</c>.</param>
/// <param name="Table">The table being copied (for <c>rows</c>), otherwise <see langword="null"/>.</param>
/// <param name="Count">Rows of that table, or artifacts, copied so far.</param>
public sealed record StoreCopyProgress(string Stage, string? Table, long Count);
