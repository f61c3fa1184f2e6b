using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mlops.Artifacts;
using Mlops.Journal;
using Mlops.Registry;
using Mlops.Storage;
using Mlops.Validation.Drift;
using Mlops.Validation.Evaluation;
using Mlops.Validation.Expectations;
using Mlops.Validation.Fairness;
using Mlops.Validation.Profiles;

namespace Mlops.Validation;

internal sealed class ModelValidator(
    IModelRegistry registry,
    IArtifactStore artifacts,
    IJournalStore journal,
    IActorAccessor actor,
    TimeProvider time) : IModelValidator
{
    /// <summary>
    /// A suite inferred from the reference (training) data checks other data (the evaluation split): the row counts differ
    /// by design and values that were distinct in one sample need not be in another, so neither is expected.
    /// </summary>
    private static readonly ExpectationInferenceOptions FromReference = new() { InferRowCount = false, InferUniqueness = false };

    public async Task<ValidationReport> ValidateAsync(ValidationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var candidate = await registry.ResolveAsync(request.CandidateUri, cancellationToken).ConfigureAwait(false);

        ExpectationSuiteResult? expectations = null;
        var suite = request.Expectations
            ?? await GetExpectationSuiteAsync(candidate.Uri, cancellationToken).ConfigureAwait(false)
            ?? (request.ReferenceData is { } reference ? ExpectationSuite.Infer("inferred from reference data", reference, FromReference, cancellationToken) : null);
        if (suite is not null)
        {
            expectations = suite.Validate(request.EvaluationData, cancellationToken: cancellationToken);
        }

        DriftReport? drift = null;
        if (request.ReferenceData is { } referenceData)
        {
            var columns = request.DriftColumns ?? InputColumns(candidate);
            var referenceColumns = DataViewDriftColumns.Read(referenceData, columns?.ToHashSet(StringComparer.Ordinal), cancellationToken);
            var currentColumns = DataViewDriftColumns.Read(request.EvaluationData, referenceColumns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal), cancellationToken);
            var shared = referenceColumns.Where(r => currentColumns.Any(c => c.Name == r.Name)).ToList();
            drift = DriftAnalyzer.Analyze(shared, shared.Select(r => currentColumns.First(c => c.Name == r.Name)).ToList(), request.Drift);
        }

        ModelComparisonResult evaluation;
        if (request.ChampionUri is { } championUri)
        {
            evaluation = await registry.CompareWithChampionAsync(
                candidate.Uri, championUri, request.EvaluationData, request.Evaluation, request.Thresholds, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var model = await registry.LoadAsync(candidate.Uri, cancellationToken).ConfigureAwait(false);
            evaluation = ModelEvaluator.Compare(model.Context, model.Transformer, null, request.EvaluationData, request.Evaluation, request.Thresholds);
        }

        FairnessReport? fairness = null;
        if (request.SensitiveFeatures.Count > 0)
        {
            // The registry's cache owns the loaded model (it disposes it on eviction): use it, never dispose it here.
            var loaded = await registry.LoadAsync(candidate.Uri, cancellationToken).ConfigureAwait(false);
            var scored = loaded.Transformer.Transform(request.EvaluationData);
            var frame = ScoredDataFairness.CreateMetricFrame(scored, request.SensitiveFeatures, request.FairnessLabelColumn, request.FairnessPredictedColumn, request.PositiveClass);
            fairness = FairnessMetrics.Assess(frame);
        }

        return new ValidationReport
        {
            ModelUri = candidate.Uri,
            CreatedAt = time.GetUtcNow(),
            CreatedBy = actor.CurrentActor,
            DataExpectations = expectations,
            Drift = drift,
            Evaluation = evaluation,
            Fairness = fairness,
            FairnessGates = fairness?.Frame.HasRates ?? false,
        };
    }

    public async Task<StoredValidationReport> AttachAsync(ValidationReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var version = await registry.ResolveAsync(report.ModelUri, cancellationToken).ConfigureAwait(false);
        using var json = new MemoryStream(Encoding.UTF8.GetBytes(report.ToJson()), writable: false);
        var stored = await artifacts.PutAsync(json, cancellationToken).ConfigureAwait(false);
        var verdict = report.Verdict == ValidationVerdict.Passed ? "PASSED" : "FAILED";
        await registry.SetVersionTagAsync(version.ModelName, version.Version, ValidationTags.Report, stored.Digest, cancellationToken).ConfigureAwait(false);
        await registry.SetVersionTagAsync(version.ModelName, version.Version, ValidationTags.Verdict, verdict, cancellationToken).ConfigureAwait(false);
        var entry = await journal.AppendJournalAsync(new JournalDraft(
            JournalKinds.ModelVersionValidated,
            $"model/{version.ModelName}/{version.Version}",
            actor.CurrentActor,
            time.GetUtcNow(),
            JournalPayload.Create(
                ("model", version.ModelName),
                ("version", version.Version),
                ("report", stored.Digest),
                ("verdict", verdict),
                ("failedChecks", string.Join("; ", report.FailedChecks)))), cancellationToken).ConfigureAwait(false);
        return new StoredValidationReport(report, stored.Digest, entry);
    }

    public async Task<ValidationReport?> GetReportAsync(string modelUri, CancellationToken cancellationToken = default)
    {
        var json = await ReadTaggedArtifactAsync(modelUri, ValidationTags.Report, cancellationToken).ConfigureAwait(false);
        return json is null ? null : ValidationReport.FromJson(json);
    }

    public async Task<string> StoreExpectationSuiteAsync(string modelUri, ExpectationSuite suite, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(suite);
        return await StoreTaggedArtifactAsync(modelUri, ValidationTags.ExpectationSuite, Encoding.UTF8.GetBytes(suite.ToJson()), cancellationToken).ConfigureAwait(false);
    }

    public async Task<ExpectationSuite?> GetExpectationSuiteAsync(string modelUri, CancellationToken cancellationToken = default)
    {
        var json = await ReadTaggedArtifactAsync(modelUri, ValidationTags.ExpectationSuite, cancellationToken).ConfigureAwait(false);
        return json is null ? null : ExpectationSuite.FromJson(json);
    }

    public async Task<string> StoreReferenceProfileAsync(string modelUri, DatasetProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return await StoreTaggedArtifactAsync(modelUri, ValidationTags.ReferenceProfile, JsonSerializer.SerializeToUtf8Bytes(profile, ProfileJson), cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> StoreTaggedArtifactAsync(string modelUri, string tag, byte[] content, CancellationToken cancellationToken)
    {
        var version = await registry.ResolveAsync(modelUri, cancellationToken).ConfigureAwait(false);
        using var stream = new MemoryStream(content, writable: false);
        var stored = await artifacts.PutAsync(stream, cancellationToken).ConfigureAwait(false);
        await registry.SetVersionTagAsync(version.ModelName, version.Version, tag, stored.Digest, cancellationToken).ConfigureAwait(false);
        return stored.Digest;
    }

    public async Task<DatasetProfile?> GetReferenceProfileAsync(string modelUri, CancellationToken cancellationToken = default)
    {
        var json = await ReadTaggedArtifactAsync(modelUri, ValidationTags.ReferenceProfile, cancellationToken).ConfigureAwait(false);
        return json is null ? null : JsonSerializer.Deserialize<DatasetProfile>(json, ProfileJson);
    }

    private static readonly JsonSerializerOptions ProfileJson = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private async Task<string?> ReadTaggedArtifactAsync(string modelUri, string tag, CancellationToken cancellationToken)
    {
        var version = await registry.ResolveAsync(modelUri, cancellationToken).ConfigureAwait(false);
        if (!version.Tags.TryGetValue(tag, out var digest))
        {
            return null;
        }

        var stream = await artifacts.OpenReadAsync(digest, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static List<string>? InputColumns(ModelVersion version) =>
        version.Signature is { } json ? ModelSignature.FromJson(json).Inputs.Select(c => c.Name).ToList() : null;
}
