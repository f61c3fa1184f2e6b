using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Mlops.Journal;

/// <summary>
/// The hash chain every provider uses, so that a journal written by one provider verifies under another.
/// An entry's hash is <c>SHA-256(previousHash ‖ canonical(entry))</c>, where the canonical form is the UTF-8 JSON array
/// <c>["mlops.journal.v1", sequence, unixMs, kind, subject, actor, payload]</c> written without indentation.
/// </summary>
public static class JournalChain
{
    /// <summary>The previous hash of the first entry: 64 zeros.</summary>
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>Seals a draft as entry <paramref name="sequence"/> after an entry whose hash is <paramref name="previousHash"/>.</summary>
    public static JournalEntry Seal(JournalDraft draft, long sequence, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentException.ThrowIfNullOrEmpty(previousHash);
        var timestamp = TruncateToMilliseconds(draft.Timestamp);
        var hash = ComputeHash(sequence, timestamp, draft.Kind, draft.Subject, draft.Actor, draft.Payload, previousHash);
        return new JournalEntry(sequence, timestamp, draft.Kind, draft.Subject, draft.Actor, draft.Payload, previousHash, hash);
    }

    /// <summary>Recomputes the hash an entry should have from its fields.</summary>
    public static string ComputeHash(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return ComputeHash(entry.Sequence, entry.Timestamp, entry.Kind, entry.Subject, entry.Actor, entry.Payload, entry.PreviousHash);
    }

    /// <summary>Truncates a timestamp to whole milliseconds in UTC, the precision every store keeps.</summary>
    public static DateTimeOffset TruncateToMilliseconds(DateTimeOffset timestamp) =>
        DateTimeOffset.FromUnixTimeMilliseconds(timestamp.ToUnixTimeMilliseconds());

    private static string ComputeHash(
        long sequence, DateTimeOffset timestamp, string kind, string subject, string actor, string payload, string previousHash)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + payload.Length);
        buffer.Write(Encoding.ASCII.GetBytes(previousHash));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStringValue("mlops.journal.v1");
            writer.WriteNumberValue(sequence);
            writer.WriteNumberValue(timestamp.ToUnixTimeMilliseconds());
            writer.WriteStringValue(kind);
            writer.WriteStringValue(subject);
            writer.WriteStringValue(actor);
            writer.WriteStringValue(payload);
            writer.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }
}
