using System.Text;
using Mlops.Search;

namespace Mlops.Storage.Relational.Search;

/// <summary>
/// Builds the page query of a <see cref="RunSearchRequest"/>: the <c>run_key</c>s of a page, in order. Fields resolve
/// through <see cref="RunSearchFields"/>; the table layout (<c>runs r</c>, <c>latest_metrics</c>, <c>params</c>,
/// <c>tags</c>) is the one every provider shares.
/// </summary>
internal sealed class SqlRunSearchTranslator(ISqlDialect dialect)
{
    private readonly SqlSearchTranslator _translator = new(dialect, RunSearchFields.Instance);

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
            sql.Append(" AND (").Append(_translator.Translate(request.Filter, parameters)).Append(')');
        }

        sql.Append(" ORDER BY ");
        _translator.AppendOrderBy(sql, request.OrderBy, parameters);
        sql.Append("r.start_time DESC, r.run_id ASC LIMIT ").Append(parameters.Add(limit))
            .Append(" OFFSET ").Append(parameters.Add(offset));
        return new SqlStatement(sql.ToString(), parameters.Items);
    }
}
