using System.Text.Json;
using Mlops.Governance;

namespace Mlops.Serving.Oversight;

/// <summary>
/// Reads a model's serving control — the <see cref="GovernanceRecordKinds.ModelControl"/> record Governance's human
/// oversight writes. Serving only needs <c>disabled</c> and <c>reason</c> from its JSON; who and when come from the record.
/// </summary>
internal static class ModelControl
{
    /// <summary>The JSON property that says whether serving is stopped.</summary>
    public const string DisabledProperty = "disabled";

    /// <summary>The JSON property with the reason given.</summary>
    public const string ReasonProperty = "reason";

    /// <summary>The stop the record describes, or <see langword="null"/> when there is none or it says serving is on.</summary>
    public static ServingDisabled? Read(GovernanceRecord? record)
    {
        if (record is null)
        {
            return null;
        }

        using var json = JsonDocument.Parse(record.Json);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty(DisabledProperty, out var disabled)
            || disabled.ValueKind != JsonValueKind.True)
        {
            return null;
        }

        var reason = root.TryGetProperty(ReasonProperty, out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
        return new ServingDisabled(reason ?? string.Empty, record.UpdatedBy, record.UpdatedAt);
    }
}
