using Mlops.Journal;

namespace Mlops.Governance;

/// <summary>The outcome of verifying an audit bundle offline.</summary>
/// <param name="IsValid">Whether every entry is present, in order, unmodified and linked, and the head line matches the last entry.</param>
/// <param name="EntriesChecked">How many entry lines verified before the first problem (all of them when valid).</param>
/// <param name="FirstBadLine">The 1-based line number where the first problem was found, else <see langword="null"/>.</param>
/// <param name="FirstBadSequence">The sequence of the first entry found modified, unlinked or missing, when the problem concerns one.</param>
/// <param name="Problem">What is wrong, else <see langword="null"/>.</param>
/// <param name="Head">The chain head the bundle's last line records, when it was reached.</param>
/// <param name="ExportedAt">When the bundle says it was exported, when the head line was reached.</param>
/// <param name="ExportedBy">Who the bundle says exported it, when the head line was reached.</param>
public sealed record AuditBundleVerificationResult(
    bool IsValid,
    long EntriesChecked,
    int? FirstBadLine,
    long? FirstBadSequence,
    string? Problem,
    JournalHead? Head,
    DateTimeOffset? ExportedAt,
    string? ExportedBy);
