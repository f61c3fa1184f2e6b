using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Buffers.Binary;
using System.Globalization;

namespace Mlops.Journal;

/// <summary>
/// The hash chain every provider uses, so that a journal written by one provider verifies under another.
/// An entry's hash is <c>SHA-256(previousHash ‖ canonical(entry))</c>: the previous hash as 64 ASCII hex characters,
/// then the fields <c>"mlops.journal.v1"</c>, sequence and Unix milliseconds (invariant decimal text), kind, subject,
/// actor and payload, each as a 4-byte big-endian byte count followed by its UTF-8 bytes. Length prefixes make the form
/// unambiguous without any escaping rules, so an auditor can recompute it in a few lines in any language.
/// </summary>
public static class JournalChain
{
    /// <summary>The previous hash of the first entry: 64 zeros.</summary>
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>The version tag that opens every entry's canonical form.</summary>
    public const string Version = "mlops.journal.v1";

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
        var buffer = new ArrayBufferWriter<byte>(256 + payload.Length * 3);
        buffer.Write(Encoding.ASCII.GetBytes(previousHash));
        Field(buffer, Version);
        Field(buffer, sequence.ToString(CultureInfo.InvariantCulture));
        Field(buffer, timestamp.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        Field(buffer, kind);
        Field(buffer, subject);
        Field(buffer, actor);
        Field(buffer, payload);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void Field(ArrayBufferWriter<byte> buffer, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.GetSpan(4), (uint)length);
        buffer.Advance(4);
        buffer.Advance(Encoding.UTF8.GetBytes(value, buffer.GetSpan(length)));
    }
}
