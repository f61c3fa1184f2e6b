using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Journal;
using Mlops.Registry;
using Mlops.Validation;
using Mlops.Validation.Evaluation;

namespace Mlops.Governance.Tests.Policies;

/// <summary>Predictions without the score vector: registering with it gives a signature that breaks one with <c>Score</c>.</summary>
public sealed class SpeciesOnlyPrediction
{
    public string PredictedSpecies { get; set; } = "";
}

/// <summary>Helpers shared by the policy and approval tests: real validation reports, signatures and journal payloads.</summary>
internal static class PolicyTestSupport
{
    public const string Model = "penguins";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Runs the real evaluation gate on the held-out penguins (macro accuracy ≥ <paramref name="threshold"/>) and attaches the report.</summary>
    public static async Task<ValidationReport> AttachReportAsync(IServiceProvider provider, TrainedModels models, ModelVersion version, double threshold = 0.5)
    {
        var validator = provider.GetRequiredService<IModelValidator>();
        var data = models.Ml.Data.LoadFromEnumerable(models.PenguinsTest);
        var report = await validator.ValidateAsync(
            new ValidationRequest(version.Uri, data, new ModelEvaluationOptions(EvaluationTask.MulticlassClassification, LabelColumn: "Label"))
            {
                Thresholds = new Dictionary<string, MetricThreshold> { ["macro_accuracy"] = new(Threshold: threshold) },
            },
            Ct);
        await validator.AttachAsync(report, Ct);
        return report;
    }

    /// <summary>Registers the penguins model with an output type lacking <c>Score</c>: a breaking signature against the usual one.</summary>
    public static Task<ModelVersion> RegisterBreakingAsync(IServiceProvider provider, TrainedModels models) =>
        provider.GetRequiredService<IModelRegistry>().RegisterVersionFromStreamAsync(
            Model, new MemoryStream(models.PenguinsZip), ModelFlavorNames.MlNet, new RegisterVersionOptions().WithTypes<Penguin, SpeciesOnlyPrediction>(), Ct);

    public static async Task<int?> AliasTargetAsync(IServiceProvider provider, string alias)
    {
        var model = await provider.GetRequiredService<IModelRegistry>().GetModelAsync(Model, Ct);
        return model.Aliases.TryGetValue(alias, out var version) ? version : null;
    }

    public static string Payload(JournalEntry entry, string property)
    {
        using var document = JsonDocument.Parse(entry.Payload);
        var value = document.RootElement.GetProperty(property);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
    }
}
