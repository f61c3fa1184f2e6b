using System.Globalization;
using System.Text;
using Mlops.Storage.Relational.Search;

namespace Mlops.Storage.PostgreSql.Search;

/// <summary>
/// PostgreSQL: patterns become anchored POSIX regular expressions (<c>~</c>), which are case-sensitive and match whole
/// characters of any script. For a case-insensitive match every cased character becomes a class of its lower and upper
/// case forms (as in the SQLite dialect), so the result does not depend on the database's locale or collation
/// (<c>ILIKE</c> under the C collation folds ASCII only).
/// </summary>
internal sealed class PostgreSqlDialect : ISqlDialect
{
    private const string AdvanceJournalHeadSql = $"""
        INSERT INTO journal_head (id, sequence, hash) VALUES (1, @seq, @hash)
        ON CONFLICT (id) DO UPDATE SET sequence = excluded.sequence, hash = excluded.hash;
        SELECT pg_notify('{PostgreSqlJournalNotifier.Channel}', @seq::text)
        """;

    public static PostgreSqlDialect Instance { get; } = new();

    public string ParameterName(int index) => "@p" + index.ToString(CultureInfo.InvariantCulture);

    public string PatternMatch(string column, string parameterName) => $"{column} ~ {parameterName}";

    /// <inheritdoc />
    /// <remarks>The keys are bound as one <c>bigint[]</c>.</remarks>
    public string InKeys(string column) => $"{column} = ANY(@keys)";

    /// <inheritdoc />
    public object KeySet(IReadOnlyCollection<long> keys) => keys as long[] ?? [.. keys];

    /// <inheritdoc />
    public string StartsWith(string column, string parameterName) => $"starts_with({column}, {parameterName})";

    /// <inheritdoc />
    /// <remarks>
    /// The <c>NOTIFY</c> on <see cref="PostgreSqlJournalNotifier.Channel"/> carries the new sequence; PostgreSQL delivers
    /// it to listeners only when the transaction commits, so a rolled-back append wakes nobody.
    /// </remarks>
    public string AdvanceJournalHead => AdvanceJournalHeadSql;

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
