using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Mlops.Journal;
using Mlops.Registry;
using Mlops.Storage;
using Mlops.Validation;

namespace Mlops.Governance;

/// <summary>Generates model cards and stores their written fields as <see cref="GovernanceRecordKinds.ModelCard"/> records.</summary>
internal sealed partial class ModelCardService(
    IModelRegistry registry,
    ITrackingStore tracking,
    IJournalStore journal,
    IGovernanceStore governance,
    IAccessGuard access,
    IActorAccessor actor,
    TimeProvider time,
    ILogger<ModelCardService> logger,
    IModelValidator? validator = null) : IModelCards
{
    private const int MaxWriteAttempts = 5;

    public async Task<IReadOnlyDictionary<string, string>> SetFieldsAsync(string modelUri, IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelUri);
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var (name, value) in fields)
        {
            if (!ModelCardFields.IsKnown(name))
            {
                throw new MlopsValidationException("model card field", name, "the written fields are " + string.Join(", ", ModelCardFields.All) + ".");
            }

            if (value is { Length: > ModelCardFields.MaxValueLength })
            {
                throw new MlopsValidationException($"model card field '{name}'", value,
                    $"a model card field is at most {ModelCardFields.MaxValueLength} characters (this one has {value.Length}).");
            }
        }

        var version = await registry.ResolveAsync(modelUri, cancellationToken).ConfigureAwait(false);
        await access.DemandAsync(ResourceKind.RegisteredModel, version.ModelName, PermissionLevel.Edit, cancellationToken).ConfigureAwait(false);
        var id = RecordId(version);
        for (var attempt = 1; ; attempt++)
        {
            var record = await governance.GetGovernanceRecordAsync(GovernanceRecordKinds.ModelCard, id, cancellationToken).ConfigureAwait(false);
            var stored = record is null ? new SortedDictionary<string, string>(StringComparer.Ordinal) : ReadFields(record.Json);
            var changed = new List<string>();
            var cleared = new List<string>();
            foreach (var (name, value) in fields)
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    if (stored.Remove(name))
                    {
                        cleared.Add(name);
                    }
                }
                else if (!stored.TryGetValue(name, out var old) || !string.Equals(old, value, StringComparison.Ordinal))
                {
                    stored[name] = value;
                    changed.Add(name);
                }
            }

            if (changed.Count == 0 && cleared.Count == 0)
            {
                return stored;
            }

            var json = WriteFields(stored);
            var revision = (record?.Revision ?? 0) + 1;
            var who = actor.CurrentActor;
            var now = time.GetUtcNow();
            var draft = new JournalDraft(JournalKinds.ModelCardEdited, Subject(version), who, now, JournalPayload.Create(
                ("model", version.ModelName),
                ("version", version.Version),
                ("set", string.Join(",", changed)),
                ("cleared", string.Join(",", cleared)),
                ("revision", revision),
                ("sha256", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))))));
            try
            {
                await governance.PutGovernanceRecordAsync(GovernanceRecordKinds.ModelCard, id, json, record?.Revision ?? 0, now, who, draft, cancellationToken).ConfigureAwait(false);
                Log.FieldsEdited(logger, version.ModelName, version.Version, changed.Count, cleared.Count, who);
                return stored;
            }
            catch (MlopsConflictException) when (attempt < MaxWriteAttempts)
            {
                // Someone else edited the card meanwhile: merge the same changes into their revision.
            }
        }
    }

    public async Task<ModelCard> GenerateAsync(string modelUri, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelUri);
        var version = await registry.ResolveAsync(modelUri, cancellationToken).ConfigureAwait(false);
        var model = await registry.GetModelAsync(version.ModelName, cancellationToken).ConfigureAwait(false);
        var versions = await registry.ListVersionsAsync(version.ModelName, cancellationToken).ConfigureAwait(false);
        var lineage = await registry.GetLineageAsync(version.Uri, cancellationToken).ConfigureAwait(false);
        var run = lineage.Run is null ? null : await tracking.GetRunAsync(lineage.Run.RunId, cancellationToken).ConfigureAwait(false);
        var report = validator is null ? null : await validator.GetReportAsync(version.Uri, cancellationToken).ConfigureAwait(false);
        var record = await governance.GetGovernanceRecordAsync(GovernanceRecordKinds.ModelCard, RecordId(version), cancellationToken).ConfigureAwait(false);
        var written = record is null ? new SortedDictionary<string, string>(StringComparer.Ordinal) : ReadFields(record.Json);

        var versionEntries = await QueryAllAsync(new JournalQuery
        {
            Subject = Subject(version),
            Kinds = [JournalKinds.PromotionRequested, JournalKinds.PromotionApproved, JournalKinds.PromotionRejected,
                JournalKinds.PromotionExpired, JournalKinds.PromotionExecuted, JournalKinds.ModelVersionValidated],
        }, cancellationToken).ConfigureAwait(false);
        var oversight = await QueryAllAsync(new JournalQuery
        {
            Subject = "model/" + version.ModelName,
            Kinds = [JournalKinds.ModelServingDisabled, JournalKinds.ModelServingEnabled, JournalKinds.ModelOutputOverridden],
        }, cancellationToken).ConfigureAwait(false);

        string? W(string field) => written.GetValueOrDefault(field);
        var card = new ModelCard
        {
            ModelUri = version.Uri,
            GeneratedAt = time.GetUtcNow(),
            GeneratedBy = actor.CurrentActor,
            ModelDetails = new ModelCardDetails
            {
                Name = version.ModelName,
                Version = version.Version,
                Uri = version.Uri,
                ModelDescription = model.Description,
                Description = version.Description,
                Flavor = version.Flavor,
                ArtifactDigest = version.ArtifactDigest,
                ArtifactLength = version.ArtifactLength,
                Signature = version.Signature,
                Status = version.Status.ToString(),
                Aliases = version.Aliases.Order(StringComparer.Ordinal).ToList(),
                Tags = Sorted(version.Tags),
                CreatedAt = version.CreatedAt,
                CreatedBy = version.CreatedBy,
                Source = version.Source,
                RunId = lineage.Run?.RunId,
                RunName = lineage.Run?.RunName,
                GitCommit = lineage.GitCommit,
                GitDirty = lineage.GitDirty,
                Parameters = Sorted(run?.Params ?? new Dictionary<string, string>()),
                Developers = W(ModelCardFields.Developers),
                License = W(ModelCardFields.License),
                Contact = W(ModelCardFields.Contact),
            },
            IntendedUse = new ModelCardIntendedUse(W(ModelCardFields.IntendedUse), W(ModelCardFields.PrimaryUsers), W(ModelCardFields.OutOfScopeUses)),
            Factors = new ModelCardFactors(
                report?.Fairness?.Frame.SensitiveFeatureNames.ToList() ?? [],
                report?.Fairness?.Frame.ByGroup.Select(g => g.Key).ToList() ?? [],
                W(ModelCardFields.RelevantFactors),
                W(ModelCardFields.EvaluationFactors)),
            Metrics = Metrics(version, report, run, W(ModelCardFields.MetricsRationale)),
            EvaluationData = new ModelCardData(lineage.Datasets.Where(IsEvaluation).Select(Dataset).ToList(), W(ModelCardFields.EvaluationDataNotes)),
            TrainingData = new ModelCardData(lineage.Datasets.Where(d => !IsEvaluation(d)).Select(Dataset).ToList(), W(ModelCardFields.TrainingDataNotes)),
            QuantitativeAnalyses = Analyses(report, W(ModelCardFields.QuantitativeAnalysesNotes)),
            EthicalConsiderations = W(ModelCardFields.EthicalConsiderations),
            CaveatsAndRecommendations = W(ModelCardFields.CaveatsAndRecommendations),
            Approvals = versionEntries.Where(e => e.Kind != JournalKinds.ModelVersionValidated).Select(Approval).ToList(),
            AnnexIv = new ModelCardAnnexIv
            {
                IntendedPurpose = W(ModelCardFields.IntendedPurpose),
                VersionHistory = versions.Select(v => new ModelCardVersion(
                    v.Version, v.CreatedAt, v.CreatedBy, v.Status.ToString(), v.ArtifactDigest, v.Aliases.Order(StringComparer.Ordinal).ToList(),
                    v.Tags.GetValueOrDefault(ValidationTags.Verdict), v.Description)).ToList(),
                DataRequirements = W(ModelCardFields.DataRequirements),
                ValidationAndTestLogs = versionEntries.Where(e => e.Kind == JournalKinds.ModelVersionValidated).Select(Event).ToList(),
                HumanOversightMeasures = W(ModelCardFields.HumanOversightMeasures),
                OversightEvents = oversight.Where(e => ConcernsVersion(e, version)).Select(Event).ToList(),
                PostMarketMonitoringPlan = W(ModelCardFields.PostMarketMonitoringPlan),
            },
            MissingFields = ModelCardFields.Required.Where(f => !written.ContainsKey(f)).ToList(),
            FieldsRevision = record?.Revision ?? 0,
            FieldsUpdatedAt = record?.UpdatedAt,
            FieldsUpdatedBy = record?.UpdatedBy,
        };
        Log.CardGenerated(logger, version.ModelName, version.Version, card.MissingFields.Count);
        return card;
    }

    private static string RecordId(ModelVersion version) => $"{version.ModelName}/{version.Version}";

    private static string Subject(ModelVersion version) => $"model/{version.ModelName}/{version.Version}";

    private async Task<List<JournalEntry>> QueryAllAsync(JournalQuery query, CancellationToken cancellationToken)
    {
        var all = new List<JournalEntry>();
        while (true)
        {
            var page = await journal.QueryJournalAsync(query, cancellationToken).ConfigureAwait(false);
            all.AddRange(page);
            if (page.Count < query.MaxResults)
            {
                return all;
            }

            query = query with { AfterSequence = page[^1].Sequence };
        }
    }
}
