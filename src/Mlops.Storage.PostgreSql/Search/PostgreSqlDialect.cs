using System.Globalization;
using System.Text;
using Mlops.Storage.Sqlite.Search;

namespace Mlops.Storage.PostgreSql.Search;

/// <summary>
/// PostgreSQL: patterns become anchored POSIX regular expressions (<c>~</c>), which are case-sensitive and match whole
/// characters of any script. For a case-insensitive match every cased character becomes a class of its lower and upper
/// case forms (as in the SQLite dialect), so the result does not depend on the database's locale or collation
/// (<c>ILIKE</c> under the C collation folds ASCII only).
/// </summary>
internal sealed class PostgreSqlDialect : ISqlDialect
{
    public static PostgreSqlDialect Instance { get; } = new();

    public string ParameterName(int index) => "@p" + index.ToString(CultureInfo.InvariantCulture);

    public string PatternMatch(string column, string parameterName) => $"{column} ~ {parameterName}";

    public string TranslatePattern(string likePattern, bool caseSensitive)
    {
        // (?s): '.' also matches a newline, as '%' and '_' do in LIKE.
        var builder = new StringBuilder(likePattern.Length + 16).Append("(?s)^");
        foreach (var rune in likePattern.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '%': builder.Append(".*"); break;
                case '_': builder.Append('.'); break;
                default:
                    AppendLiteral(builder, rune, caseSensitive);
                    break;
            }
        }

        return builder.Append('$').ToString();
    }

    private static void AppendLiteral(StringBuilder builder, Rune rune, bool caseSensitive)
    {
        var lower = Rune.ToLowerInvariant(rune);
        var upper = Rune.ToUpperInvariant(rune);
        if (caseSensitive || (lower == rune && upper == rune))
        {
            AppendEscaped(builder, rune);
            return;
        }

        // Cased characters are letters: no escaping needed inside the class.
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

    // In an ARE a backslash before a non-alphanumeric character makes it literal; letters and digits are literal as they are.
    private static void AppendEscaped(StringBuilder builder, Rune rune)
    {
        if (rune.IsAscii && !Rune.IsLetterOrDigit(rune))
        {
            builder.Append('\\');
        }

        builder.Append(rune.ToString());
    }
}
