using System.Text.Json;
using Mlops.Journal;
using Mlops.Registry;

namespace Mlops.Governance;

/// <summary>Names, ids and documents of permission grants.</summary>
internal static class PermissionResources
{
    private const char Separator = '|';

    public static string Subject(ResourceKind kind, string name) =>
        (kind == ResourceKind.Experiment ? "experiment/" : "model/") + name;

    public static string RecordId(string principal, ResourceKind kind, string name) =>
        principal + Separator + KindText(kind) + Separator + name;

    public static string KindText(ResourceKind kind) => kind == ResourceKind.Experiment ? "Experiment" : "RegisteredModel";

    public static void ValidateKind(ResourceKind kind)
    {
        if (kind is not (ResourceKind.Experiment or ResourceKind.RegisteredModel))
        {
            throw new MlopsValidationException("resource kind", kind.ToString(), "permissions are granted on experiments and registered models.");
        }
    }

    public static void ValidateName(ResourceKind kind, string name)
    {
        ValidateKind(kind);
        if (kind == ResourceKind.Experiment)
        {
            InputRules.ValidateName("experiment name", name);
        }
        else
        {
            ModelNames.ValidateModelName(name);
        }
    }

    public static void ValidatePrincipal(string principal)
    {
        if (string.IsNullOrWhiteSpace(principal) || principal.Trim().Length != principal.Length)
        {
            throw new MlopsValidationException("principal", principal, "a principal is an actor name, 'role:NAME' or '*', without surrounding spaces.");
        }

        if (principal.Contains(Separator, StringComparison.Ordinal))
        {
            throw new MlopsValidationException("principal", principal, $"a principal must not contain '{Separator}'.");
        }

        if (principal.StartsWith(Principals.RolePrefix, StringComparison.Ordinal) && string.IsNullOrWhiteSpace(principal[Principals.RolePrefix.Length..]))
        {
            throw new MlopsValidationException("principal", principal, "a role principal names the role: 'role:NAME'.");
        }
    }

    public static void ValidateGrantedLevel(PermissionLevel level)
    {
        if (level is not (PermissionLevel.Read or PermissionLevel.Edit or PermissionLevel.Manage))
        {
            throw new MlopsValidationException("permission level", level.ToString(), "grant Read, Edit or Manage; revoke the grant to remove access.");
        }
    }

    public static string ToJson(string principal, ResourceKind kind, string name, PermissionLevel level) =>
        JournalPayload.Create(("principal", principal), ("kind", KindText(kind)), ("resource", name), ("level", level.ToString()));

    /// <summary>Reads a stored grant; <see langword="null"/> for a document this version does not understand (ignored, never fatal).</summary>
    public static PermissionGrant? FromRecord(GovernanceRecord record)
    {
        try
        {
            using var document = JsonDocument.Parse(record.Json);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("principal", out var principal) && principal.GetString() is { Length: > 0 } p
                && root.TryGetProperty("kind", out var kind) && Enum.TryParse<ResourceKind>(kind.GetString(), out var k)
                && root.TryGetProperty("resource", out var resource) && resource.GetString() is { Length: > 0 } r
                && root.TryGetProperty("level", out var level) && Enum.TryParse<PermissionLevel>(level.GetString(), out var l))
            {
                return new PermissionGrant(p, k, r, l, record.UpdatedAt, record.UpdatedBy);
            }
        }
        catch (JsonException)
        {
        }
        catch (InvalidOperationException)
        {
        }

        return null;
    }
}
