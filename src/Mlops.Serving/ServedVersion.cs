namespace Mlops.Serving;

/// <summary>A version in service: which, since when, and why.</summary>
/// <param name="Version">The version number.</param>
/// <param name="ModelUri">Its URI, <c>models:/name/N</c>.</param>
/// <param name="Digest">The SHA-256 of the model file.</param>
/// <param name="Since">When this instance published it.</param>
/// <param name="Cause">What made it the live version.</param>
public sealed record ServedVersion(int Version, string ModelUri, string Digest, DateTimeOffset Since, SwapCause Cause);

/// <summary>Why a version went live: the journal entry that moved the alias, when one is known.</summary>
/// <param name="Description">A sentence, such as "alias 'champion' moved from 3 to 4 by alice: better macro accuracy".</param>
/// <param name="JournalSequence">The journal entry's sequence, or <see langword="null"/> (a pinned version, or an alias set before the journal window searched at start).</param>
/// <param name="Actor">Who moved the alias, when known.</param>
/// <param name="Reason">The reason given with the move, when any.</param>
public sealed record SwapCause(string Description, long? JournalSequence, string? Actor, string? Reason);

/// <summary>How shadow traffic fared.</summary>
/// <param name="Compared">Mirrored predictions compared with the primary's output.</param>
/// <param name="Disagreed">Comparisons whose outputs differed.</param>
/// <param name="Dropped">Mirrors skipped because the shadow queue was full (the bound that protects callers).</param>
/// <param name="Failed">Mirrors whose shadow prediction threw.</param>
public sealed record ShadowStatistics(long Compared, long Disagreed, long Dropped, long Failed)
{
    /// <summary>The share of compared predictions that disagreed (0 when none were compared).</summary>
    public double DisagreementRate => Compared == 0 ? 0 : (double)Disagreed / Compared;
}

/// <summary>The health of a served model.</summary>
public enum ServingHealth
{
    /// <summary>A version is loaded, the last swap succeeded and drift is under threshold.</summary>
    Healthy,

    /// <summary>
    /// Serving, but the last swap failed (the old version still serves), online drift is over threshold, or a person
    /// stopped the model with the kill switch — a deliberate stop, not a fault, so it does not take the instance out of rotation.
    /// </summary>
    Degraded,

    /// <summary>No version is loaded.</summary>
    Unhealthy,
}
