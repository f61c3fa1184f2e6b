using System.Globalization;
using System.Text;
using System.Text.Json;
using Mlops.Journal;

namespace Mlops.Governance;

/// <summary>
/// The audit bundle format and its offline verifier. A bundle is UTF-8 JSON lines: one object per journal entry
/// (<c>record</c> = <c>entry</c>, with <c>sequence</c>, <c>timestamp</c> (ISO 8601 UTC), <c>unixMilliseconds</c>,
/// <c>kind</c>, <c>subject</c>, <c>actor</c>, <c>payload</c> (the stored JSON text, as a string), <c>previousHash</c> and
/// <c>hash</c>), in sequence order from 1, then one head line (<c>record</c> = <c>head</c>, <c>format</c>,
/// <c>sequence</c>, <c>hash</c>, <c>entries</c>, <c>exportedAt</c>, <c>exportedBy</c>). Each hash is recomputed with
/// <see cref="JournalChain"/>, so an auditor needs neither the store nor this SDK's services — only this class, or the
/// few lines <see cref="JournalChain"/> documents in any language.
/// </summary>
public static partial class AuditBundle
{
    /// <summary>The format tag of the head line.</summary>
    public const string Format = "mlops.audit.v1";

    /// <summary>The <c>record</c> value of an entry line.</summary>
    public const string EntryRecord = "entry";

    /// <summary>The <c>record</c> value of the head line.</summary>
    public const string HeadRecord = "head";

    /// <summary>
    /// Verifies a bundle offline: every line parses, entries run 1, 2, 3… without gaps or reordering, each hash matches
    /// its recomputed content, each entry links to the one before, and the last line is a head naming the last entry and
    /// its hash. With <paramref name="pinnedHead"/> (a head the auditor obtained independently, such as from an earlier
    /// export or a published checkpoint), the bundle must also hold that entry with that hash — without it, a bundle whose
    /// every hash was recomputed after an edit would still verify. The stream is read to the first problem and left open.
    /// </summary>
    public static async Task<AuditBundleVerificationResult> VerifyAsync(Stream bundle, JournalHead? pinnedHead = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        using var reader = new StreamReader(bundle, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var walk = new Walk(pinnedHead);
        var lineNumber = 0;
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DecoderFallbackException)
            {
                return walk.Fail(lineNumber + 1, null, $"line {lineNumber + 1} is not UTF-8 text.");
            }

            if (line is null)
            {
                break;
            }

            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (walk.Check(line, lineNumber) is { } failure)
            {
                return failure;
            }
        }

        return walk.Finish(lineNumber);
    }

    // The state of one pass over a bundle: what the next entry must be, and the head once read.
    private sealed class Walk(JournalHead? pinned)
    {
        private long _expected = 1;
        private string _previousHash = JournalChain.GenesisHash;
        private long _checked;
        private JournalHead? _head;
        private DateTimeOffset? _exportedAt;
        private string? _exportedBy;

        public AuditBundleVerificationResult? Check(string line, int lineNumber)
        {
            if (_head is not null)
            {
                return Fail(lineNumber, null, $"line {lineNumber} follows the head line: the head must be the bundle's last line.");
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                return Fail(lineNumber, null, $"line {lineNumber} is not JSON: {e.Message}");
            }

            using (document)
            {
                var root = document.RootElement;
                var record = root.ValueKind == JsonValueKind.Object ? Text(root, "record") : null;
                return record switch
                {
                    EntryRecord => CheckEntry(root, lineNumber),
                    HeadRecord => CheckHead(root, lineNumber),
                    _ => Fail(lineNumber, null, $"line {lineNumber} is neither an entry nor a head record."),
                };
            }
        }

        public AuditBundleVerificationResult Finish(int lineCount)
        {
            if (_head is null)
            {
                return Fail(lineCount + 1, _expected,
                    $"the bundle has no head line after entry {_expected - 1}: it was truncated, and entries after it may be missing.");
            }

            if (pinned is not null && pinned.Sequence > _head.Sequence)
            {
                return Fail(lineCount, pinned.Sequence,
                    $"the pinned head is entry {pinned.Sequence}, but the bundle ends at entry {_head.Sequence}: entries were removed.");
            }

            return new AuditBundleVerificationResult(true, _checked, null, null, null, _head, _exportedAt, _exportedBy);
        }

        private AuditBundleVerificationResult? CheckEntry(JsonElement root, int lineNumber)
        {
            var sequence = Number(root, "sequence");
            var unixMilliseconds = Number(root, "unixMilliseconds");
            var timestampText = Text(root, "timestamp");
            var kind = Text(root, "kind");
            var subject = Text(root, "subject");
            var actor = Text(root, "actor");
            var payload = Text(root, "payload");
            var previousHash = Text(root, "previousHash");
            var hash = Text(root, "hash");
            if (sequence is null || unixMilliseconds is null || timestampText is null || kind is null || subject is null
                || actor is null || payload is null || previousHash is null || hash is null)
            {
                return Fail(lineNumber, sequence,
                    $"line {lineNumber} lacks a field of an entry (sequence, timestamp, unixMilliseconds, kind, subject, actor, payload, previousHash, hash).");
            }

            if (sequence != _expected)
            {
                return Fail(lineNumber, Math.Min(sequence.Value, _expected), sequence > _expected
                    ? $"line {lineNumber} holds entry {sequence} where entry {_expected} was expected: entry {_expected} is missing or out of order."
                    : $"line {lineNumber} holds entry {sequence} where entry {_expected} was expected: lines are out of order or repeated.");
            }

            if (unixMilliseconds is < -62135596800000 or > 253402300799999)
            {
                return Fail(lineNumber, sequence, $"entry {sequence} on line {lineNumber} has an out-of-range unixMilliseconds {unixMilliseconds}.");
            }

            var timestamp = DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds.Value);
            if (!DateTimeOffset.TryParse(timestampText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var readable) || readable != timestamp)
            {
                return Fail(lineNumber, sequence,
                    $"entry {sequence} on line {lineNumber} was modified: its timestamp '{timestampText}' does not match its unixMilliseconds {unixMilliseconds}.");
            }

            var entry = new JournalEntry(sequence.Value, timestamp, kind, subject, actor, payload, previousHash, hash);
            var recomputed = JournalChain.ComputeHash(entry);
            if (!string.Equals(recomputed, hash, StringComparison.Ordinal))
            {
                return Fail(lineNumber, sequence,
                    $"entry {sequence} ({kind} {subject}) on line {lineNumber} was modified: its content hashes to {recomputed}, but it records {hash}.");
            }

            if (!string.Equals(previousHash, _previousHash, StringComparison.Ordinal))
            {
                return Fail(lineNumber, sequence,
                    $"entry {sequence} on line {lineNumber} does not link to entry {sequence - 1}: it records previous hash {previousHash}, but entry {sequence - 1} hashes to {_previousHash}.");
            }

            if (pinned is not null && pinned.Sequence == sequence && !string.Equals(pinned.Hash, hash, StringComparison.Ordinal))
            {
                return Fail(lineNumber, sequence,
                    $"entry {sequence} on line {lineNumber} hashes to {hash}, but the pinned head records {pinned.Hash}: the chain was rewritten.");
            }

            _previousHash = hash;
            _expected++;
            _checked++;
            return null;
        }

        private AuditBundleVerificationResult? CheckHead(JsonElement root, int lineNumber)
        {
            var format = Text(root, "format");
            var sequence = Number(root, "sequence");
            var hash = Text(root, "hash");
            var entries = Number(root, "entries");
            var exportedAtText = Text(root, "exportedAt");
            var exportedBy = Text(root, "exportedBy");
            if (format != Format)
            {
                return Fail(lineNumber, null, $"the head on line {lineNumber} has format '{format}', expected '{Format}'.");
            }

            if (sequence is null || hash is null || entries is null || exportedAtText is null || exportedBy is null
                || !DateTimeOffset.TryParse(exportedAtText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var exportedAt))
            {
                return Fail(lineNumber, null, $"the head on line {lineNumber} lacks a field (sequence, hash, entries, exportedAt, exportedBy).");
            }

            var last = _expected - 1;
            if (sequence > last)
            {
                return Fail(lineNumber, last + 1,
                    $"the head on line {lineNumber} names entry {sequence}, but the bundle ends at entry {last}: entry {last + 1} is missing.");
            }

            if (sequence < last)
            {
                return Fail(lineNumber, sequence + 1,
                    $"the head on line {lineNumber} names entry {sequence}, but the bundle holds entries up to {last}: the head was changed.");
            }

            if (!string.Equals(hash, _previousHash, StringComparison.Ordinal))
            {
                return Fail(lineNumber, sequence == 0 ? null : sequence,
                    $"the head on line {lineNumber} records hash {hash} for entry {sequence}, but that entry hashes to {_previousHash}.");
            }

            if (entries != _checked)
            {
                return Fail(lineNumber, null, $"the head on line {lineNumber} counts {entries} entries, but the bundle holds {_checked}.");
            }

            _head = new JournalHead(sequence.Value, hash);
            _exportedAt = exportedAt;
            _exportedBy = exportedBy;
            return null;
        }

        public AuditBundleVerificationResult Fail(int lineNumber, long? sequence, string problem) =>
            new(false, _checked, lineNumber, sequence, problem, _head, _exportedAt, _exportedBy);

        private static string? Text(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static long? Number(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;
    }
}
