using Mlops.Journal;

namespace Mlops.Governance;

/// <summary>What an audit bundle export wrote.</summary>
/// <param name="EntryCount">How many entry lines were written.</param>
/// <param name="Head">The chain head written on the last line (the store's recorded head), or <see langword="null"/> for an empty journal.</param>
/// <param name="ExportedAt">When the bundle was exported (millisecond precision).</param>
/// <param name="ExportedBy">Who exported it.</param>
public sealed record AuditBundleSummary(long EntryCount, JournalHead? Head, DateTimeOffset ExportedAt, string ExportedBy);
