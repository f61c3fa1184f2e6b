using System.Globalization;

namespace Mlops.Search.Parsing;

/// <summary>
/// Prints filters and order-by terms back into the search language, fully parenthesized, so that
/// <c>Parse(Print(x)) == x</c>. Used for diagnostics and by the round-trip property tests.
/// </summary>
internal static class SearchTextPrinter
{
    internal static string Print(FilterExpression expression) => expression switch
    {
        AndExpression and => $"({Print(and.Left)} AND {Print(and.Right)})",
        OrExpression or => $"({Print(or.Left)} OR {Print(or.Right)})",
        ComparisonExpression comparison =>
            $"{Print(comparison.Field)} {Print(comparison.Operator)} {PrintLiteral(comparison.Value)}",
        _ => throw new ArgumentOutOfRangeException(nameof(expression), expression, "Unknown filter expression."),
    };

    internal static string Print(OrderByTerm term) => Print(term.Field) + (term.Descending ? " DESC" : " ASC");

    internal static string Print(SearchField field)
    {
        var prefix = field.Entity switch
        {
            SearchEntity.Metric => "metrics.",
            SearchEntity.Param => "params.",
            SearchEntity.Tag => "tags.",
            _ => "attributes.",
        };
        return prefix + (NeedsQuotes(field.Key) ? "`" + field.Key.Replace("`", "``", StringComparison.Ordinal) + "`" : field.Key);
    }

    internal static string Print(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.LessThan => "<",
        ComparisonOperator.LessThanOrEqual => "<=",
        ComparisonOperator.GreaterThan => ">",
        ComparisonOperator.GreaterThanOrEqual => ">=",
        ComparisonOperator.Like => "LIKE",
        ComparisonOperator.ILike => "ILIKE",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown comparison operator."),
    };

    private static string PrintLiteral(object value) => value switch
    {
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        string text => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static bool NeedsQuotes(string key)
    {
        if (key.Length == 0)
        {
            return true;
        }

        foreach (var c in key)
        {
            if (!(char.IsLetterOrDigit(c) || c is '_' or '.' or '-' or '/'))
            {
                return true;
            }
        }

        return false;
    }
}
