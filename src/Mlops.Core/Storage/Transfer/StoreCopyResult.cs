using Mlops.Journal;

namespace Mlops.Storage;

/// <summary>What a <see cref="MlopsStoreCopy"/> copied and what the target's journal verification found.</summary>
/// <param name="Tables">Rows copied per table, in copy order.</param>
/// <param name="JournalEntries">Journal entries copied (their chain was recomputed on the way).</param>
/// <param name="SourceHead">The source journal's head in the copied snapshot, or <see langword="null"/> when it was empty.</param>
/// <param name="TargetVerification">The target's journal verified after the commit, read back from the target.</param>
/// <param name="ArtifactsCopied">Artifacts copied into the target artifact store.</param>
/// <param name="ArtifactsPresent">Referenced artifacts the target artifact store already had.</param>
/// <param name="ArtifactBytes">Bytes of the artifacts copied.</param>
public sealed record StoreCopyResult(
    IReadOnlyList<StoreTableCount> Tables,
    long JournalEntries,
    JournalHead? SourceHead,
    JournalVerificationResult TargetVerification,
    int ArtifactsCopied,
    int ArtifactsPresent,
    long ArtifactBytes)
{
    /// <summary>All rows copied.</summary>
    public long TotalRows => Tables.Sum(t => t.Rows);
}

/// <summary>Rows copied of one table.</summary>
/// <param name="Table">The table.</param>
/// <param name="Rows">How many rows.</param>
public sealed record StoreTableCount(string Table, long Rows);
