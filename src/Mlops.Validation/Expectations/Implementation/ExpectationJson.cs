using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mlops.Validation.Expectations.Implementation;

internal static class ExpectationJson
{
    internal static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Hand-edited suites may put the discriminator anywhere in the object.
        AllowOutOfOrderMetadataProperties = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    internal static T Read<T>(string json, string field)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options)
                ?? throw new MlopsValidationException(field, json, "must be a JSON object, not null");
        }
        catch (JsonException ex)
        {
            throw new MlopsValidationException(field, json, $"is not valid: {ex.Message}");
        }
        catch (NotSupportedException ex)
        {
            throw new MlopsValidationException(field, json, $"is not valid: {ex.Message}");
        }
    }
}
