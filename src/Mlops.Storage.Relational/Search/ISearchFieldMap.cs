using Mlops.Search;

namespace Mlops.Storage.Relational.Search;

/// <summary>
/// The per-entity half of search translation: which fields an entity has and where they live in the schema. The
/// <see cref="SqlSearchTranslator"/> does the rest (operators, missing-field rule, parameters, ordering).
/// </summary>
internal interface ISearchFieldMap
{
    /// <summary>Resolves a field, or throws <see cref="MlopsValidationException"/> with <paramref name="usage"/> as the field name.</summary>
    /// <param name="field">The field of a filter comparison or an ordering term.</param>
    /// <param name="usage"><c>filter</c> or <c>order by</c>, for the error.</param>
    SqlSearchField Resolve(SearchField field, string usage);
}
