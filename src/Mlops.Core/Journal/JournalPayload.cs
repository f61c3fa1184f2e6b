using System.Text.Encodings.Web;
using System.Text.Json;

namespace Mlops.Journal;

/// <summary>
/// Builds journal payloads as compact JSON objects with properties in the order given. Payloads are stored text, never
/// embedded in HTML, so only what JSON requires is escaped (readable non-ASCII, '+', '&amp;').
/// </summary>
public static class JournalPayload
{
    /// <summary>Writes the given name/value pairs as a JSON object. Values are written as JSON strings, numbers, booleans or null.</summary>
    public static string Create(params ReadOnlySpan<(string Name, object? Value)> properties)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in properties)
            {
                writer.WritePropertyName(name);
                switch (value)
                {
                    case null: writer.WriteNullValue(); break;
                    case string s: writer.WriteStringValue(s); break;
                    case bool b: writer.WriteBooleanValue(b); break;
                    case int i: writer.WriteNumberValue(i); break;
                    case long l: writer.WriteNumberValue(l); break;
                    case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
                    case DateTimeOffset t: writer.WriteStringValue(t.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture)); break;
                    default: writer.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)); break;
                }
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }
}
