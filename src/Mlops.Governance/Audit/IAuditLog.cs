using Mlops.Journal;

namespace Mlops.Governance;

/// <summary>
/// The auditor's view of the journal: verify the whole hash chain, query entries by subject, actor, kind and time, and
/// export an audit bundle that <see cref="AuditBundle.VerifyAsync(Stream, JournalHead?, CancellationToken)"/> re-verifies
/// offline, without the store. Registered by <c>AddGovernance()</c>.
/// </summary>
public interface IAuditLog
{
    /// <summary>
    /// Verifies the whole journal chain — contiguity, each entry's hash, each link and the recorded head — and names the
    /// first broken or missing entry.
    /// </summary>
    Task<JournalVerificationResult> VerifyAsync(CancellationToken cancellationToken = default);

    /// <summary>The entries matching <paramref name="query"/> (subject, actor, kinds, time range), in sequence order.</summary>
    /// <exception cref="MlopsValidationException">The page size or sequence is out of range.</exception>
    Task<IReadOnlyList<JournalEntry>> QueryAsync(JournalQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes an audit bundle to <paramref name="destination"/>: UTF-8 JSON lines, one object per journal entry up to the
    /// head the store recorded (every field its hash is computed from), then a final line with that head (sequence,
    /// hash), the export time and the exporter. The stream is left open. The bundle is written as stored: a tampered
    /// journal gives a bundle that fails verification at the same entry.
    /// </summary>
    Task<AuditBundleSummary> ExportBundleAsync(Stream destination, CancellationToken cancellationToken = default);
}
