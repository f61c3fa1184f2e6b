using System.Globalization;
using System.Text;

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
