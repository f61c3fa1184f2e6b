using Mlops.Search;

namespace Mlops.Storage.Relational.Search;

/// <summary>The fields of a run search over <c>runs r</c>: latest metrics, params, tags and the run attributes.</summary>
internal sealed class RunSearchFields : ISearchFieldMap
{
    public static RunSearchFields Instance { get; } = new();

    public SqlSearchField Resolve(SearchField field, string usage)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Entity switch
        {
            SearchEntity.Metric => new SqlKeyedField("latest_metrics", "run_key", "r.run_key", field.Key ?? string.Empty, SqlValueKind.Number),
            SearchEntity.Param => new SqlKeyedField("params", "run_key", "r.run_key", field.Key ?? string.Empty, SqlValueKind.Text),
            SearchEntity.Tag => new SqlKeyedField("tags", "run_key", "r.run_key", field.Key ?? string.Empty, SqlValueKind.Text),
            SearchEntity.Attribute => Attribute(field, usage),
            _ => throw new MlopsValidationException(usage, field.ToString(), "the field must be a metric, param, tag or attribute."),
        };
    }

    private static SqlColumnField Attribute(SearchField field, string usage) => field.Key?.ToLowerInvariant() switch
    {
        RunAttributes.RunId => new("r.run_id", SqlValueKind.Text),
        RunAttributes.RunName => new("r.run_name", SqlValueKind.Text),
        RunAttributes.Status => new("r.status", SqlValueKind.UpperCaseText),
        RunAttributes.StartTime => new("r.start_time", SqlValueKind.Number),
        RunAttributes.EndTime => new("r.end_time", SqlValueKind.Number),
        RunAttributes.User => new("r.user_name", SqlValueKind.Text),
        RunAttributes.ExperimentId => new("r.experiment_id", SqlValueKind.Text),
        RunAttributes.ParentRunId => new("r.parent_run_id", SqlValueKind.Text),
        _ => throw new MlopsValidationException(usage, field.ToString(),
            $"unknown attribute; the attributes are {string.Join(", ", RunAttributes.All)}."),
    };
}
