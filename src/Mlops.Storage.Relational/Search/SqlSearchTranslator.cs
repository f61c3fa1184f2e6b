using System.Globalization;
using System.Text;
using Mlops.Search;

namespace Mlops.Storage.Relational.Search;

/// <summary>
/// Translates filters and ordering terms into parameterized SQL for one searched entity. Where each field lives comes
/// from the <see cref="ISearchFieldMap"/>; engine differences go through <see cref="ISqlDialect"/>. Keys and literals are
/// always parameters. A row lacking the field (or with NULL there) never matches, for every operator, and sorts last.
/// </summary>
internal sealed class SqlSearchTranslator(ISqlDialect dialect, ISearchFieldMap fields)
{
    private const string FilterField = "filter";
    private const string OrderByField = "order by";

    /// <summary>Translates a filter into a condition on the searched row.</summary>
    public string Translate(FilterExpression filter, SqlParameterList parameters) => filter switch
    {
        AndExpression and => $"({Translate(and.Left, parameters)} AND {Translate(and.Right, parameters)})",
        OrExpression or => $"({Translate(or.Left, parameters)} OR {Translate(or.Right, parameters)})",
        ComparisonExpression comparison => Comparison(comparison, parameters),
        null => throw new MlopsValidationException(FilterField, null, "a filter expression must not be null."),
        _ => throw new MlopsValidationException(FilterField, filter.ToString(), "only comparisons joined by AND and OR are supported."),
    };

    /// <summary>Appends <c>expression ASC|DESC NULLS LAST, </c> per term; the caller appends its final tie-break.</summary>
    public void AppendOrderBy(StringBuilder sql, IReadOnlyList<OrderByTerm>? terms, SqlParameterList parameters)
    {
        foreach (var term in terms ?? [])
        {
            ArgumentNullException.ThrowIfNull(term);
            var field = term.Field ?? throw new MlopsValidationException(OrderByField, null, "an ordering term needs a field.");
            var expression = fields.Resolve(field, OrderByField) switch
            {
                SqlColumnField column => column.Column,
                SqlKeyedField keyed => $"(SELECT x.value FROM {keyed.Table} x WHERE x.{keyed.OwnerColumn} = {keyed.RowKey} AND x.key = {parameters.Add(keyed.Key)})",
                var other => throw new InvalidOperationException($"Unknown search field shape {other.GetType().Name}."),
            };
            // Rows lacking the field sort last in both directions.
            sql.Append(expression).Append(term.Descending ? " DESC" : " ASC").Append(" NULLS LAST, ");
        }
    }

    private string Comparison(ComparisonExpression comparison, SqlParameterList parameters)
    {
        var field = comparison.Field ?? throw new MlopsValidationException(FilterField, comparison.ToString(), "a comparison needs a field.");
        switch (fields.Resolve(field, FilterField))
        {
            case SqlColumnField column:
                return Predicate(column.Column, column.Kind, comparison, parameters);
            case SqlKeyedField keyed:
            {
                var key = parameters.Add(keyed.Key);
                var condition = Predicate("x.value", keyed.Kind, comparison, parameters);
                return $"EXISTS (SELECT 1 FROM {keyed.Table} x WHERE x.{keyed.OwnerColumn} = {keyed.RowKey} AND x.key = {key} AND {condition})";
            }

            case var other:
                throw new InvalidOperationException($"Unknown search field shape {other.GetType().Name}.");
        }
    }

    private string Predicate(string column, SqlValueKind kind, ComparisonExpression comparison, SqlParameterList parameters) => kind switch
    {
        SqlValueKind.Number => $"{column} {NumericOperator(comparison)} {parameters.Add(Number(comparison))}",
        // Stored upper case and the literal upper-cased, so that a case-sensitive match is case-insensitive there.
        SqlValueKind.UpperCaseText => StringCondition(column, comparison.Operator, Text(comparison).ToUpperInvariant(), caseInsensitiveEquality: true, parameters),
        _ => StringCondition(column, comparison.Operator, Text(comparison), caseInsensitiveEquality: false, parameters),
    };

    private string StringCondition(string column, ComparisonOperator op, string value, bool caseInsensitiveEquality, SqlParameterList parameters) => op switch
    {
        ComparisonOperator.Like => dialect.PatternMatch(column, parameters.Add(dialect.TranslatePattern(value, caseSensitive: true))),
        ComparisonOperator.ILike => dialect.PatternMatch(column, parameters.Add(dialect.TranslatePattern(value, caseSensitive: caseInsensitiveEquality))),
        _ => $"{column} {Symbol(op)} {parameters.Add(value)}",
    };

    private static string NumericOperator(ComparisonExpression comparison) => comparison.Operator switch
    {
        ComparisonOperator.Like or ComparisonOperator.ILike => throw new MlopsValidationException(FilterField, Describe(comparison),
            $"LIKE and ILIKE compare strings; {comparison.Field} is a number."),
        var op => Symbol(op),
    };

    private static string Symbol(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.LessThan => "<",
        ComparisonOperator.LessThanOrEqual => "<=",
        ComparisonOperator.GreaterThan => ">",
        ComparisonOperator.GreaterThanOrEqual => ">=",
        _ => throw new MlopsValidationException(FilterField, op.ToString(), "unknown comparison operator."),
    };

    private static double Number(ComparisonExpression comparison) => comparison.Value switch
    {
        double d => d,
        float or int or long or decimal or short => Convert.ToDouble(comparison.Value, CultureInfo.InvariantCulture),
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new MlopsValidationException(FilterField, Describe(comparison), "this field compares numbers: the value must be a number."),
    };

    private static string Text(ComparisonExpression comparison) => comparison.Value switch
    {
        string s => s,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new MlopsValidationException(FilterField, Describe(comparison), "the value must be a string."),
    };

    private static string Describe(ComparisonExpression comparison) =>
        $"{comparison.Field} {comparison.Operator} {Convert.ToString(comparison.Value, CultureInfo.InvariantCulture)}";
}
