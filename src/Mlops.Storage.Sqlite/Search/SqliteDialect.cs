using System.Globalization;
using System.Text;

using Mlops.Storage.Relational.Search;

namespace Mlops.Storage.Sqlite.Search;

/// <summary>
/// SQLite: patterns become <c>GLOB</c> patterns, which are case-sensitive and Unicode-aware (SQLite's <c>LIKE</c> is
/// case-insensitive for ASCII only and the <c>case_sensitive_like</c> pragma is deprecated). For a case-insensitive
/// match every cased character becomes a class of its lower and upper case forms.
/// </summary>
internal sealed class SqliteDialect : ISqlDialect
{
    public static SqliteDialect Instance { get; } = new();

    public string ParameterName(int index) => "$p" + index.ToString(CultureInfo.InvariantCulture);

    public string PatternMatch(string column, string parameterName) => $"{column} GLOB {parameterName}";

    /// <inheritdoc />
    /// <remarks>The keys are bound as one JSON array text and expanded by <c>json_each</c>.</remarks>
    public string InKeys(string column) => $"{column} IN (SELECT value FROM json_each(@keys))";

    /// <inheritdoc />
    public object KeySet(IReadOnlyCollection<long> keys)
    {
        var json = new StringBuilder("[");
        foreach (var key in keys)
        {
            json.Append(json.Length == 1 ? string.Empty : ",").Append(key.ToString(CultureInfo.InvariantCulture));
        }

        return json.Append(']').ToString();
    }

    /// <inheritdoc />
    public string StartsWith(string column, string parameterName) => $"substr({column}, 1, length({parameterName})) = {parameterName}";

    /// <inheritdoc />
    public string AdvanceJournalHead => """
        INSERT INTO journal_head (id, sequence, hash) VALUES (1, @seq, @hash)
        ON CONFLICT (id) DO UPDATE SET sequence = excluded.sequence, hash = excluded.hash
        """;

    public string TranslatePattern(string likePattern, bool caseSensitive)
    {
        var builder = new StringBuilder(likePattern.Length + 8);
        foreach (var rune in likePattern.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '%': builder.Append('*'); break;
                case '_': builder.Append('?'); break;
                // GLOB's own wildcards in the text are literals: wrap them in a one-character class.
                case '*': builder.Append("[*]"); break;
                case '?': builder.Append("[?]"); break;
                case '[': builder.Append("[[]"); break;
                default:
                    AppendLiteral(builder, rune, caseSensitive);
                    break;
            }
        }

        return builder.ToString();
    }

    private static void AppendLiteral(StringBuilder builder, Rune rune, bool caseSensitive)
    {
        if (caseSensitive)
        {
            builder.Append(rune.ToString());
            return;
        }

        var lower = Rune.ToLowerInvariant(rune);
        var upper = Rune.ToUpperInvariant(rune);
        if (lower == rune && upper == rune)
        {
            builder.Append(rune.ToString());
            return;
        }

        builder.Append('[').Append(rune.ToString());
        if (lower != rune)
        {
            builder.Append(lower.ToString());
        }

        if (upper != rune && upper != lower)
        {
            builder.Append(upper.ToString());
        }

        builder.Append(']');
    }
}
