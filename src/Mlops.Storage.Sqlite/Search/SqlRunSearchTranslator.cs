using System.Globalization;
using System.Text;
using Mlops.Search;

namespace Mlops.Storage.Sqlite.Search;

/// <summary>
/// Translates a <see cref="RunSearchRequest"/> into one parameterized query that returns the <c>run_key</c>s of a page,
/// in order. Keys and literals are always parameters. Engine differences go through <see cref="ISqlDialect"/>; the
/// table layout (<c>runs r</c>, <c>latest_metrics</c>, <c>params</c>, <c>tags</c>) is the one every provider shares.
/// </summary>
internal sealed class SqlRunSearchTranslator(ISqlDialect dialect)
{
    private const string FilterField = "filter";

    /// <summary>Builds the page query: matching runs, ordered, from <paramref name="offset"/>, at most <paramref name="limit"/>.</summary>
    public SqlStatement BuildPageQuery(RunSearchRequest request, long offset, int limit)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = new SqlParameterList(dialect);
        var sql = new StringBuilder("SELECT r.run_key FROM runs r WHERE r.experiment_id IN (");
        for (var i = 0; i < request.ExperimentIds.Count; i++)
        {
            sql.Append(i == 0 ? string.Empty : ", ").Append(parameters.Add(request.ExperimentIds[i]));
        }

        sql.Append(')');
        if (request.Filter is not null)
        {
            sql.Append(" AND (").Append(Translate(request.Filter, parameters)).Append(')');
        }

        sql.Append(" ORDER BY ");
        foreach (var term in request.OrderBy ?? [])
        {
            ArgumentNullException.ThrowIfNull(term);
            // Runs lacking the field sort last in both directions.
            sql.Append(OrderExpression(term.Field, parameters)).Append(term.Descending ? " DESC" : " ASC").Append(" NULLS LAST, ");
        }

        sql.Append("r.start_time DESC, r.run_id ASC LIMIT ").Append(parameters.Add(limit))
            .Append(" OFFSET ").Append(parameters.Add(offset));
        return new SqlStatement(sql.ToString(), parameters.Items);
    }

    /// <summary>Translates a filter into a condition on the row <c>r</c> of <c>runs</c>.</summary>
    public string Translate(FilterExpression filter, SqlParameterList parameters) => filter switch
    {
        AndExpression and => $"({Translate(and.Left, parameters)} AND {Translate(and.Right, parameters)})",
        OrExpression or => $"({Translate(or.Left, parameters)} OR {Translate(or.Right, parameters)})",
        ComparisonExpression comparison => Comparison(comparison, parameters),
        null => throw new MlopsValidationException(FilterField, null, "a filter expression must not be null."),
        _ => throw new MlopsValidationException(FilterField, filter.ToString(), "only comparisons joined by AND and OR are supported."),
    };

    private string Comparison(ComparisonExpression comparison, SqlParameterList parameters)
    {
        var field = comparison.Field ?? throw new MlopsValidationException(FilterField, comparison.ToString(), "a comparison needs a field.");
        switch (field.Entity)
        {
            case SearchEntity.Metric:
            {
                var op = NumericOperator(comparison);
                var key = parameters.Add(field.Key ?? string.Empty);
                var value = parameters.Add(Number(comparison));
                return $"EXISTS (SELECT 1 FROM latest_metrics m WHERE m.run_key = r.run_key AND m.key = {key} AND m.value {op} {value})";
            }

            case SearchEntity.Param:
            case SearchEntity.Tag:
            {
                var table = field.Entity == SearchEntity.Param ? "params" : "tags";
                var key = parameters.Add(field.Key ?? string.Empty);
                var condition = StringCondition("x.value", comparison.Operator, Text(comparison), caseInsensitiveEquality: false, parameters);
                return $"EXISTS (SELECT 1 FROM {table} x WHERE x.run_key = r.run_key AND x.key = {key} AND {condition})";
            }

            case SearchEntity.Attribute:
            {
                var attribute = Attribute(field);
                var column = AttributeColumn(attribute);
                if (RunAttributes.IsNumeric(attribute))
                {
                    return $"{column} {NumericOperator(comparison)} {parameters.Add(Number(comparison))}";
                }

                return attribute == RunAttributes.Status
                    ? StringCondition(column, comparison.Operator, Text(comparison).ToUpperInvariant(), caseInsensitiveEquality: true, parameters)
                    : StringCondition(column, comparison.Operator, Text(comparison), caseInsensitiveEquality: false, parameters);
            }

            default:
                throw new MlopsValidationException(FilterField, field.ToString(), "the field must be a metric, param, tag or attribute.");
        }
    }

    private string StringCondition(string column, ComparisonOperator op, string value, bool caseInsensitiveEquality, SqlParameterList parameters) => op switch
    {
        // Status is stored upper case and the literal was upper-cased, so a case-sensitive match is case-insensitive there.
        ComparisonOperator.Like => dialect.PatternMatch(column, parameters.Add(dialect.TranslatePattern(value, caseSensitive: true))),
        ComparisonOperator.ILike => dialect.PatternMatch(column, parameters.Add(dialect.TranslatePattern(value, caseSensitive: caseInsensitiveEquality))),
        _ => $"{column} {Symbol(op)} {parameters.Add(value)}",
    };

    private static string OrderExpression(SearchField field, SqlParameterList parameters)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Entity switch
        {
            SearchEntity.Metric => $"(SELECT m.value FROM latest_metrics m WHERE m.run_key = r.run_key AND m.key = {parameters.Add(field.Key ?? string.Empty)})",
            SearchEntity.Param => $"(SELECT x.value FROM params x WHERE x.run_key = r.run_key AND x.key = {parameters.Add(field.Key ?? string.Empty)})",
            SearchEntity.Tag => $"(SELECT x.value FROM tags x WHERE x.run_key = r.run_key AND x.key = {parameters.Add(field.Key ?? string.Empty)})",
            SearchEntity.Attribute => AttributeColumn(Attribute(field)),
            _ => throw new MlopsValidationException("order by", field.ToString(), "the field must be a metric, param, tag or attribute."),
        };
    }

    private static string Attribute(SearchField field)
    {
        var name = field.Key?.ToLowerInvariant();
        foreach (var known in RunAttributes.All)
        {
            if (known == name)
            {
                return known;
            }
        }

        throw new MlopsValidationException(FilterField, field.ToString(),
            $"unknown attribute; the attributes are {string.Join(", ", RunAttributes.All)}.");
    }

    private static string AttributeColumn(string attribute) => attribute switch
    {
        RunAttributes.RunId => "r.run_id",
        RunAttributes.RunName => "r.run_name",
        RunAttributes.Status => "r.status",
        RunAttributes.StartTime => "r.start_time",
        RunAttributes.EndTime => "r.end_time",
        RunAttributes.User => "r.user_name",
        RunAttributes.ExperimentId => "r.experiment_id",
        RunAttributes.ParentRunId => "r.parent_run_id",
        _ => throw new MlopsValidationException(FilterField, attribute, "unknown attribute."),
    };

    private static string NumericOperator(ComparisonExpression comparison) => comparison.Operator switch
    {
        ComparisonOperator.Like or ComparisonOperator.ILike => throw new MlopsValidationException(FilterField, Describe(comparison),
            "LIKE and ILIKE compare strings; metrics, start_time and end_time are numbers."),
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
