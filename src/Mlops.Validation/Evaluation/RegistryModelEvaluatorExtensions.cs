using Microsoft.ML;
using Mlops.Registry;

namespace Mlops.Validation.Evaluation;

/// <summary>Evaluates a registered candidate against the version an alias points to, on the same data.</summary>
public static class RegistryModelEvaluatorExtensions
{
    /// <summary>
    /// Loads <paramref name="candidateUri"/> and <paramref name="championUri"/> (for example <c>models:/penguins@champion</c>)
    /// from the registry, evaluates both on <paramref name="data"/> and gates the candidate. When the champion URI names
    /// nothing (alias unset) the baseline checks are skipped.
    /// </summary>
    public static async Task<ModelComparisonResult> CompareWithChampionAsync(
        this IModelRegistry registry,
        string candidateUri,
        string championUri,
        IDataView data,
        ModelEvaluationOptions options,
        IReadOnlyDictionary<string, MetricThreshold> thresholds,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentException.ThrowIfNullOrEmpty(candidateUri);
        ArgumentException.ThrowIfNullOrEmpty(championUri);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(thresholds);

        var candidate = await registry.LoadAsync(candidateUri, cancellationToken).ConfigureAwait(false);
        LoadedModel? champion;
        try
        {
            champion = await registry.LoadAsync(championUri, cancellationToken).ConfigureAwait(false);
        }
        catch (MlopsNotFoundException)
        {
            champion = null;
        }

        return ModelEvaluator.Compare(candidate.Context, candidate.Transformer, champion?.Transformer, data, options, thresholds);
    }
}
