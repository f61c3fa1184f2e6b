using System.Text;
using Mlops.Search;

namespace Mlops.Storage.Relational.Search;

/// <summary>
/// Builds the page query of a <see cref="ModelSearchRequest"/>: the <c>model_key</c>s of a page, in order (final
/// tie-break name ascending). Fields resolve through <see cref="ModelSearchFields"/>.
/// </summary>
internal sealed class SqlModelSearchTranslator(ISqlDialect dialect)
{
    private readonly SqlSearchTranslator _translator = new(dialect, ModelSearchFields.Instance);

    /// <summary>Builds the page query: matching models, ordered, from <paramref name="offset"/>, at most <paramref name="limit"/>.</summary>
    public SqlStatement BuildPageQuery(ModelSearchRequest request, long offset, int limit)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = new SqlParameterList(dialect);
        var sql = new StringBuilder("SELECT m.model_key FROM registered_models m");
        if (request.Filter is not null)
        {
            sql.Append(" WHERE ").Append(_translator.Translate(request.Filter, parameters));
        }

        sql.Append(" ORDER BY ");
        _translator.AppendOrderBy(sql, request.OrderBy, parameters);
        sql.Append("m.name ASC LIMIT ").Append(parameters.Add(limit)).Append(" OFFSET ").Append(parameters.Add(offset));
        return new SqlStatement(sql.ToString(), parameters.Items);
    }
}
