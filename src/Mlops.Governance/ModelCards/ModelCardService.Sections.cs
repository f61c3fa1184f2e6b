using System.Text.Json;
using Microsoft.Extensions.Logging;
using Mlops.Journal;
using Mlops.Registry;
using Mlops.Tracking;
using Mlops.Validation;

namespace Mlops.Governance;

internal sealed partial class ModelCardService
{
    private static readonly string[] EvaluationContexts = ["evaluation", "validation", "test", "eval"];

    private static ModelCardMetrics Metrics(ModelVersion version, ValidationReport? report, Run? run, string? rationale) => new()
    {
        ValidationVerdict = report?.Verdict.ToString(),
        ReportDigest = report is null ? null : version.Tags.GetValueOrDefault(ValidationTags.Report),
        ValidatedAt = report?.CreatedAt,
        ValidatedBy = report?.CreatedBy,
        FailedChecks = report?.FailedChecks ?? [],
        Evaluation = Sorted(report?.Evaluation?.CandidateMetrics ?? new Dictionary<string, double>()),
        Champion = report?.Evaluation?.ChampionMetrics is { } champion ? Sorted(champion) : null,
        Gate = report?.Evaluation?.Gate.Metrics.Select(g => new ModelCardMetricGate(g.Metric, g.CandidateValue, g.BaselineValue, g.Passed)).ToList() ?? [],
        Run = Sorted(run?.LatestMetrics.ToDictionary(m => m.Key, m => m.Value.Value) ?? new Dictionary<string, double>()),
        Rationale = rationale,
    };

    private static ModelCardQuantitativeAnalyses Analyses(ValidationReport? report, string? notes)
    {
        var fairness = report?.Fairness;
        var expectations = report?.DataExpectations;
        return new ModelCardQuantitativeAnalyses
        {
            Fairness = fairness is null ? null : new ModelCardFairness
            {
                SensitiveFeatures = fairness.Frame.SensitiveFeatureNames.ToList(),
                PositiveClass = fairness.Frame.PositiveClass,
                Overall = Sorted(fairness.Frame.Overall),
                Groups = fairness.Frame.ByGroup.Select(g => new ModelCardGroupMetrics(g.Key, Sorted(g.Metrics))).ToList(),
                DemographicParityDifference = fairness.DemographicParityDifference,
                DemographicParityRatio = fairness.DemographicParityRatio,
                EqualizedOddsDifference = fairness.EqualizedOddsDifference,
                FourFifthsRulePassed = fairness.FourFifthsRule.Passed,
                FourFifthsRule = fairness.FourFifthsRule.Message,
            },
            Drift = report?.Drift?.Columns.Select(c => new ModelCardDriftColumn(c.Column, c.Test.ToString(), c.Statistic, c.PValue, c.Threshold, c.Drifted)).ToList() ?? [],
            DatasetDrift = report?.Drift?.DatasetDrift,
            DataExpectationsPassed = expectations?.Results.Count(r => r.Success),
            DataExpectationsFailed = expectations?.Results.Count(r => !r.Success),
            Notes = notes,
        };
    }

    private static bool IsEvaluation(DatasetInput dataset) =>
        EvaluationContexts.Contains(dataset.Context, StringComparer.OrdinalIgnoreCase);

    private static ModelCardDataset Dataset(DatasetInput dataset) =>
        new(dataset.Name, dataset.Digest, dataset.Source, dataset.RowCount, dataset.Context);

    private static ModelCardApproval Approval(JournalEntry entry)
    {
        var payload = PayloadFields(entry.Payload);
        var status = payload.GetValueOrDefault("status") ?? entry.Kind[(entry.Kind.LastIndexOf('.') + 1)..];
        return new ModelCardApproval(entry.Sequence, entry.Timestamp, entry.Kind, status, entry.Actor,
            payload.GetValueOrDefault("requestId"), payload.GetValueOrDefault("alias"), payload.GetValueOrDefault("comment"));
    }

    private static ModelCardJournalEvent Event(JournalEntry entry) =>
        new(entry.Sequence, entry.Timestamp, entry.Kind, entry.Subject, entry.Actor, entry.Payload);

    // The kill switch is per model (subject model/NAME); an override names its version in the subject or the payload.
    private static bool ConcernsVersion(JournalEntry entry, ModelVersion version)
    {
        if (entry.Subject == Subject(version))
        {
            return true;
        }

        if (entry.Subject != "model/" + version.ModelName)
        {
            return false;
        }

        return entry.Kind != JournalKinds.ModelOutputOverridden
            || PayloadFields(entry.Payload).GetValueOrDefault("version") is not { } named
            || named == version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    // The top-level scalar properties of a payload as text; payloads that are not JSON objects give none.
    private static Dictionary<string, string> PayloadFields(string payload)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return fields;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                var text = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                    _ => null,
                };
                if (text is not null)
                {
                    fields[property.Name] = text;
                }
            }
        }
        catch (JsonException)
        {
        }

        return fields;
    }

    private static SortedDictionary<string, TValue> Sorted<TValue>(IEnumerable<KeyValuePair<string, TValue>> values)
    {
        var sorted = new SortedDictionary<string, TValue>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            sorted[key] = value;
        }

        return sorted;
    }

    // The stored document: {"fields":{"name":"text",...}} with names in ordinal order.
    private static SortedDictionary<string, string> ReadFields(string json)
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.TryGetProperty("fields", out var stored) && stored.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in stored.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String)
                {
                    fields[property.Name] = property.Value.GetString()!;
                }
            }
        }

        return fields;
    }

    private static string WriteFields(SortedDictionary<string, string> fields)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("fields");
            foreach (var (name, value) in fields)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static partial class Log
    {
        [LoggerMessage(4001, LogLevel.Information, "Model card fields of {ModelName} version {Version} edited by {Actor}: {SetCount} set, {ClearedCount} cleared.")]
        public static partial void FieldsEdited(ILogger logger, string modelName, int version, int setCount, int clearedCount, string actor);

        [LoggerMessage(4002, LogLevel.Debug, "Generated the model card of {ModelName} version {Version} ({MissingCount} required field(s) to be written).")]
        public static partial void CardGenerated(ILogger logger, string modelName, int version, int missingCount);
    }
}
