using System.Text.Json.Serialization;

namespace Mlops.Governance;

/// <summary>Source-generated JSON of promotion requests as stored in governance records.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(PromotionRequest))]
internal sealed partial class PromotionRequestJsonContext : JsonSerializerContext;
