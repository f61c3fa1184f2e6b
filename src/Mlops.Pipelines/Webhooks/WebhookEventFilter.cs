using Mlops.Journal;

namespace Mlops.Pipelines.Webhooks;

/// <summary>Which journal entries a webhook receives: its kinds (exact, <c>prefix.*</c> or <c>*</c>), never the entries about itself.</summary>
internal sealed class WebhookEventFilter(string webhook, IEnumerable<string> kinds)
{
    private readonly string _ownSubject = WebhookRegistration.SubjectOf(webhook);
    private readonly string[] _kinds = kinds.ToArray();

    public bool Matches(JournalEntry entry) =>
        entry.Subject != _ownSubject && _kinds.Any(pattern => Matches(pattern, entry.Kind));

    public static bool Matches(string pattern, string kind) =>
        pattern == "*"
        || (pattern.EndsWith(".*", StringComparison.Ordinal)
            ? kind.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal)
            : kind == pattern);

    /// <summary>Whether a pattern is <c>*</c>, a dotted lowercase kind, or such a kind's prefix followed by <c>.*</c>.</summary>
    public static bool IsValidPattern(string? pattern)
    {
        if (pattern is null)
        {
            return false;
        }

        if (pattern == "*")
        {
            return true;
        }

        var kind = pattern.EndsWith(".*", StringComparison.Ordinal) ? pattern[..^2] : pattern;
        return kind.Length is > 0 and <= 200
            && kind.Split('.').All(segment => segment.Length > 0 && segment.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-'));
    }
}
