using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Mlops.Journal;

namespace Mlops.Pipelines.Webhooks;

/// <summary>
/// The JSON a webhook posts for a journal entry. It depends only on the entry, the webhook and the delivery id, so a
/// redelivery sends the same bytes; what changes per attempt (timestamp, signature) travels in headers.
/// </summary>
internal static class WebhookBody
{
    public static byte[] Create(string webhook, string deliveryId, JournalEntry entry)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("deliveryId", deliveryId);
            writer.WriteString("webhook", webhook);
            writer.WriteNumber("sequence", entry.Sequence);
            writer.WriteString("kind", entry.Kind);
            writer.WriteString("subject", entry.Subject);
            writer.WriteString("actor", entry.Actor);
            writer.WriteString("timestamp", entry.Timestamp.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            writer.WritePropertyName("payload");
            WritePayload(writer, entry.Payload);
            writer.WriteString("hash", entry.Hash);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void WritePayload(Utf8JsonWriter writer, string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            document.RootElement.WriteTo(writer);
        }
        catch (JsonException)
        {
            // Payloads are JSON objects by contract; one that is not still reaches the receiver, as text.
            writer.WriteStringValue(payload);
        }
    }
}
