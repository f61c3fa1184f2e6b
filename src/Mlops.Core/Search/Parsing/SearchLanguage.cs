namespace Mlops.Search.Parsing;

/// <summary>
/// What one search language may name: the entity prefixes it accepts, its attributes and which of them are numeric.
/// Runs and registered models share the grammar (<see cref="SearchTextParser"/>) and differ only here.
/// </summary>
internal sealed class SearchLanguage
{
    private SearchLanguage(
        string fieldExpected,
        IReadOnlyList<string> attributes,
        Func<string, bool> isNumericAttribute,
        bool metrics,
        bool parameters)
    {
        FieldExpected = fieldExpected;
        Attributes = attributes;
        IsNumericAttribute = isNumericAttribute;
        AllowsMetrics = metrics;
        AllowsParams = parameters;
    }

    /// <summary>The run language: metrics, params, tags and <see cref="RunAttributes"/>.</summary>
    internal static SearchLanguage Runs { get; } = new(
        "a field (metrics.KEY, params.KEY, tags.KEY, attributes.NAME or an attribute name)",
        RunAttributes.All,
        RunAttributes.IsNumeric,
        metrics: true,
        parameters: true);

    /// <summary>The registered-model language: tags and <see cref="ModelAttributes"/>; metrics and params belong to runs.</summary>
    internal static SearchLanguage Models { get; } = new(
        "a model field (tags.KEY, attributes.NAME or an attribute name: " + string.Join(", ", ModelAttributes.All) +
        "; metrics and params belong to runs, not to registered models)",
        ModelAttributes.All,
        ModelAttributes.IsNumeric,
        metrics: false,
        parameters: false);

    /// <summary>What a parse error says is expected where a field should be.</summary>
    internal string FieldExpected { get; }

    /// <summary>The attribute names, in the order error messages list them.</summary>
    internal IReadOnlyList<string> Attributes { get; }

    /// <summary>Whether an attribute compares as a number.</summary>
    internal Func<string, bool> IsNumericAttribute { get; }

    private bool AllowsMetrics { get; }

    private bool AllowsParams { get; }

    /// <summary>Whether the language accepts fields of <paramref name="entity"/>.</summary>
    internal bool Allows(SearchEntity entity) => entity switch
    {
        SearchEntity.Metric => AllowsMetrics,
        SearchEntity.Param => AllowsParams,
        _ => true,
    };

    /// <summary>Whether <paramref name="field"/> compares as a number.</summary>
    internal bool IsNumeric(SearchField field) =>
        field.Entity == SearchEntity.Metric || (field.Entity == SearchEntity.Attribute && IsNumericAttribute(field.Key));
}
