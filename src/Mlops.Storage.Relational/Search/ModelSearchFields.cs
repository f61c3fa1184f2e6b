using Mlops.Search;

namespace Mlops.Storage.Relational.Search;

/// <summary>The fields of a registered-model search over <c>registered_models m</c>: model tags and the model attributes.</summary>
internal sealed class ModelSearchFields : ISearchFieldMap
{
    public static ModelSearchFields Instance { get; } = new();

    public SqlSearchField Resolve(SearchField field, string usage)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Entity switch
        {
            SearchEntity.Tag => new SqlKeyedField("model_tags", "model_key", "m.model_key", field.Key ?? string.Empty, SqlValueKind.Text),
            SearchEntity.Attribute => Attribute(field, usage),
            _ => throw new MlopsValidationException(usage, field.ToString(),
                "registered models have no metrics or params; search them by tags.KEY or the attributes "
                + $"{string.Join(", ", ModelAttributes.All)}."),
        };
    }

    private static SqlColumnField Attribute(SearchField field, string usage) => field.Key?.ToLowerInvariant() switch
    {
        ModelAttributes.Name => new("m.name", SqlValueKind.Text),
        ModelAttributes.Description => new("m.description", SqlValueKind.Text),
        ModelAttributes.CreatedAt => new("m.created_at", SqlValueKind.Number),
        ModelAttributes.UpdatedAt => new("m.updated_at", SqlValueKind.Number),
        ModelAttributes.LatestVersion => new("m.latest_version", SqlValueKind.Number),
        _ => throw new MlopsValidationException(usage, field.ToString(),
            $"unknown registered-model attribute; the attributes are {string.Join(", ", ModelAttributes.All)}."),
    };
}
