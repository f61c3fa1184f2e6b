namespace Mlops.Journal;

/// <summary>The outcome of verifying the journal chain.</summary>
/// <param name="IsValid">Whether every entry is present, linked and unmodified.</param>
/// <param name="EntriesChecked">How many entries were read.</param>
/// <param name="FirstBrokenSequence">The sequence number of the first entry found broken or missing, else <see langword="null"/>.</param>
/// <param name="Problem">What is wrong with that entry, else <see langword="null"/>.</param>
/// <param name="Head">The last verified entry's sequence and hash (the chain head an auditor can pin).</param>
public sealed record JournalVerificationResult(
    bool IsValid,
    long EntriesChecked,
    long? FirstBrokenSequence,
    string? Problem,
    JournalHead? Head);
