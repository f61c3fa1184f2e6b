using System.Globalization;
using System.Text.Json;
using Mlops.Journal;

namespace Mlops.Serving.Internal;

/// <summary>The parts of a journal entry serving reacts to, parsed from its payload.</summary>
internal readonly record struct JournalAliasEvent(string ModelName, string? Alias, string? NewName, SwapCause Cause)
{
    /// <summary>Reads alias moves, alias deletions, renames and version deletions or status changes; <see langword="null"/> for anything else.</summary>
    public static JournalAliasEvent? TryRead(JournalEntry entry)
    {
        var kind = entry.Kind;
        if (kind is not (JournalKinds.ModelAliasSet or JournalKinds.ModelAliasDeleted or JournalKinds.ModelRenamed or JournalKinds.ModelVersionRegistered
            or JournalKinds.ModelVersionDeleted or JournalKinds.ModelVersionStatusChanged))
        {
            return null;
        }

        using var json = JsonDocument.Parse(entry.Payload);
        var root = json.RootElement;
        var name = Text(root, "name") ?? Text(root, "oldName") ?? SubjectModel(entry.Subject);
        if (name is null)
        {
            return null;
        }

        var alias = Text(root, "alias");
        var reason = Text(root, "reason");
        var description = kind switch
        {
            JournalKinds.ModelAliasSet => string.Create(CultureInfo.InvariantCulture,
                $"alias '{alias}' of '{name}' moved from {Number(root, "oldVersion") ?? "none"} to {Number(root, "newVersion")} by {entry.Actor}"),
            JournalKinds.ModelAliasDeleted => $"alias '{alias}' of '{name}' deleted by {entry.Actor}",
            JournalKinds.ModelRenamed => $"model '{name}' renamed to '{Text(root, "newName")}' by {entry.Actor}",
            _ => $"{kind} on {entry.Subject} by {entry.Actor}",
        };
        if (reason is { Length: > 0 })
        {
            description += ": " + reason;
        }

        return new JournalAliasEvent(name, alias, Text(root, "newName"), new SwapCause(description, entry.Sequence, entry.Actor, reason));
    }

    private static string? Text(JsonElement root, string property) =>
        root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Number(JsonElement root, string property) =>
        root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetRawText() : null;

    private static string? SubjectModel(string subject)
    {
        // "model/NAME" or "model/NAME/VERSION"; model names may contain '/', so the version is the last numeric segment.
        if (!subject.StartsWith("model/", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = subject["model/".Length..];
        var slash = rest.LastIndexOf('/');
        return slash > 0 && int.TryParse(rest.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _) ? rest[..slash] : rest;
    }
}
