using System.Text.Json.Serialization;

namespace Mlops.Validation.Profiles;

/// <summary>What a profiled column holds.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProfileColumnKind>))]
public enum ProfileColumnKind
{
    /// <summary>Numbers: moments, histogram and (while few) distinct values.</summary>
    Numeric,

    /// <summary>Text: category counts.</summary>
    Categorical,
}
