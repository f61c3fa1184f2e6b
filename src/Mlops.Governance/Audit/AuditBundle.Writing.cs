using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Mlops.Journal;

namespace Mlops.Governance;

public static partial class AuditBundle
{
    /// <summary>Writes bundle lines into a buffer and flushes it to the destination stream in chunks.</summary>
    internal sealed class Writer : IDisposable
    {
        private const int FlushThreshold = 64 * 1024;
        private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        private readonly Stream _destination;
        private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold * 2);
        private readonly Utf8JsonWriter _json;

        public Writer(Stream destination)
        {
            _destination = destination;
            _json = new Utf8JsonWriter(_buffer, Options);
        }

        public void WriteEntry(JournalEntry entry)
        {
            _json.WriteStartObject();
            _json.WriteString("record", EntryRecord);
            _json.WriteNumber("sequence", entry.Sequence);
            _json.WriteString("timestamp", Iso(entry.Timestamp));
            _json.WriteNumber("unixMilliseconds", entry.Timestamp.ToUnixTimeMilliseconds());
            _json.WriteString("kind", entry.Kind);
            _json.WriteString("subject", entry.Subject);
            _json.WriteString("actor", entry.Actor);
            _json.WriteString("payload", entry.Payload);
            _json.WriteString("previousHash", entry.PreviousHash);
            _json.WriteString("hash", entry.Hash);
            _json.WriteEndObject();
            EndLine();
        }

        public void WriteHead(JournalHead? head, long entryCount, DateTimeOffset exportedAt, string exportedBy)
        {
            _json.WriteStartObject();
            _json.WriteString("record", HeadRecord);
            _json.WriteString("format", Format);
            _json.WriteNumber("sequence", head?.Sequence ?? 0);
            _json.WriteString("hash", head?.Hash ?? JournalChain.GenesisHash);
            _json.WriteNumber("entries", entryCount);
            _json.WriteString("exportedAt", Iso(exportedAt));
            _json.WriteString("exportedBy", exportedBy);
            _json.WriteEndObject();
            EndLine();
        }

        public bool ShouldFlush => _buffer.WrittenCount >= FlushThreshold;

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            await _destination.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            _buffer.ResetWrittenCount();
        }

        public void Dispose() => _json.Dispose();

        private void EndLine()
        {
            _json.Flush();
            _json.Reset();
            _buffer.GetSpan(1)[0] = (byte)'\n';
            _buffer.Advance(1);
        }

        private static string Iso(DateTimeOffset timestamp) =>
            timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }
}
