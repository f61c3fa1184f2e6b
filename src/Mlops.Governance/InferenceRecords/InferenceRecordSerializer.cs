using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Mlops.Governance;

/// <summary>Turns a prediction's input and output into the JSON an inference record keeps, with the input's hash and redaction.</summary>
internal sealed class InferenceRecordSerializer(InferenceRecordOptions options)
{
    // Rows hold NaN for missing values (ML.NET's convention), which plain JSON numbers cannot carry.
    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,

        // ML.NET rows are as often classes with public fields ([LoadColumn] public float X;) as with properties.
        IncludeFields = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly bool _redacts = options.InputMode == InferenceInputMode.Redacted && (options.DropFields.Count > 0 || options.HashFields.Count > 0);

    /// <summary>The input as kept (or <see langword="null"/> when only its hash is) and the SHA-256 of the full input JSON.</summary>
    public (string? Input, string Hash) Input<TIn>(TIn input)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(input, Json);
        var hash = Hash(bytes);
        return options.InputMode switch
        {
            InferenceInputMode.HashOnly => (null, hash),
            _ when _redacts => (Redact(bytes), hash),
            _ => (Encoding.UTF8.GetString(bytes), hash),
        };
    }

    public static string Output<TOut>(TOut output) => JsonSerializer.Serialize(output, Json);

    private string Redact(byte[] json)
    {
        if (JsonNode.Parse(json) is not JsonObject row)
        {
            return Encoding.UTF8.GetString(json);
        }

        foreach (var name in row.Select(p => p.Key).ToList())
        {
            if (options.DropFields.Contains(name))
            {
                row.Remove(name);
            }
            else if (options.HashFields.Contains(name))
            {
                var value = row[name]?.ToJsonString(Json) ?? "null";
                row[name] = "sha256:" + Hash(Encoding.UTF8.GetBytes(value));
            }
        }

        return row.ToJsonString(Json);
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
