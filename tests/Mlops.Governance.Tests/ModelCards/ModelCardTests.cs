using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using Mlops.Journal;
using Mlops.Registry;
using Mlops.Storage;
using Mlops.Tracking;
using Mlops.Validation;
using Mlops.Validation.Evaluation;

namespace Mlops.Governance.Tests.ModelCards;

// Cards for a real version: trained penguins model logged by a run with its datasets, registered from the run, validated
// (evaluation, drift, fairness by sex) and promoted through journal entries the approval workflow writes.
public sealed class ModelCardTests(TrainedModels models) : IAsyncLifetime
{
    private readonly GovernanceHarness _harness = new(models);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    private IModelCards Cards(string actor) => _harness.As(actor).GetRequiredService<IModelCards>();

    private async Task<(ModelVersion Version, DatasetInput Training, DatasetInput Evaluation)> TrainLogAndRegisterAsync()
    {
        var alice = _harness.As("alice");
        var tracker = alice.GetRequiredService<IExperimentTracker>();
        var ml = models.Ml;
        var model = ml.Model.Load(new MemoryStream(models.PenguinsZip), out var schema);
        var training = await Datasets.FromFileAsync(SampleData.PenguinsPath, "penguins", "training", cancellationToken: Ct);
        var evaluation = Datasets.FromDataView(ml.Data.LoadFromEnumerable(SexedPenguin.Load()), "penguins-with-sex", "samples/data/penguins.json", "evaluation");
        string runId;
        await using (var run = await tracker.StartRunAsync("penguins", cancellationToken: Ct))
        {
            runId = run.RunId;
            await run.LogParamAsync("trainer", "SdcaMaximumEntropy", Ct);
            await run.LogParamAsync("seed", "7", Ct);
            run.LogMetric("train_macro_accuracy", 0.97);
            await run.LogDatasetAsync(training, Ct);
            await run.LogDatasetAsync(evaluation, Ct);
            await run.LogModelAsync(ml, model, schema, cancellationToken: Ct);
            await run.EndAsync(cancellationToken: Ct);
        }

        var version = await alice.GetRequiredService<IModelRegistry>().RegisterVersionFromRunAsync(
            "penguins", $"runs:/{runId}/model", new RegisterVersionOptions().WithTypes<Penguin, SpeciesPrediction>(), Ct);
        return (version, training, evaluation);
    }

    private async Task<ValidationReport> ValidateAsync(ModelVersion version)
    {
        var validator = _harness.As("validator").GetRequiredService<IModelValidator>();
        var report = await validator.ValidateAsync(new ValidationRequest(
            version.Uri, models.Ml.Data.LoadFromEnumerable(SexedPenguin.Load()), new ModelEvaluationOptions(EvaluationTask.MulticlassClassification))
        {
            Thresholds = new Dictionary<string, MetricThreshold> { ["macro_accuracy"] = new(Threshold: 0.5) },
            ReferenceData = models.PenguinsTrain,
            DriftColumns = TrainedModels.Features,
            SensitiveFeatures = [nameof(SexedPenguin.Sex)],
            FairnessLabelColumn = nameof(Penguin.Species),
            FairnessPredictedColumn = nameof(SpeciesPrediction.PredictedSpecies),
            PositiveClass = "Adelie",
        }, Ct);
        await validator.AttachAsync(report, Ct);
        return report;
    }

    private async Task JournalAsync(string kind, string subject, string actor, params (string Name, object? Value)[] payload) =>
        await _harness.As(actor).GetRequiredService<IJournalStore>().AppendJournalAsync(
            new JournalDraft(kind, subject, actor, DateTimeOffset.UtcNow, JournalPayload.Create(payload)), Ct);

    [Fact]
    public async Task A_card_for_a_registered_and_validated_version_holds_its_real_metrics_datasets_signature_and_approvals()
    {
        var (version, training, evaluation) = await TrainLogAndRegisterAsync();
        var report = await ValidateAsync(version);
        await JournalAsync(JournalKinds.PromotionRequested, "model/penguins/1", "alice",
            ("requestId", "req-1"), ("alias", "production"), ("version", 1), ("status", "pending"), ("comment", "ready for production"));
        await JournalAsync(JournalKinds.PromotionApproved, "model/penguins/1", "bob",
            ("requestId", "req-1"), ("alias", "production"), ("status", "approved"), ("comment", "metrics and fairness reviewed"));
        await JournalAsync(JournalKinds.PromotionApproved, "model/penguins/2", "bob", ("requestId", "req-2"), ("alias", "production"));
        await JournalAsync(JournalKinds.ModelServingDisabled, "model/penguins", "carol", ("reason", "incident 42"));
        await JournalAsync(JournalKinds.ModelOutputOverridden, "model/penguins", "carol", ("version", 2), ("reason", "other version"));

        var card = await Cards("carol").GenerateAsync("models:/penguins/1", Ct);

        card.ModelUri.Should().Be(version.Uri);
        card.ModelDetails.ArtifactDigest.Should().Be(version.ArtifactDigest).And.MatchRegex("^[0-9a-f]{64}$");
        card.ModelDetails.Signature.Should().NotBeNullOrEmpty().And.Be(version.Signature).And.Contain(nameof(Penguin.BeakLength));
        card.ModelDetails.CreatedBy.Should().Be("alice");
        card.ModelDetails.RunId.Should().Be(version.RunId);
        card.ModelDetails.Parameters.Should().Contain("trainer", "SdcaMaximumEntropy");
        card.TrainingData.Datasets.Should().ContainSingle().Which.Digest.Should().Be(training.Digest);
        card.EvaluationData.Datasets.Should().ContainSingle().Which.Digest.Should().Be(evaluation.Digest);
        card.Metrics.ValidationVerdict.Should().Be(report.Verdict.ToString());
        card.Metrics.ReportDigest.Should().MatchRegex("^[0-9a-f]{64}$");
        card.Metrics.Evaluation["macro_accuracy"].Should().Be(report.Evaluation!.CandidateMetrics["macro_accuracy"]).And.BeGreaterThan(0.9);
        card.Metrics.Gate.Should().ContainSingle().Which.Metric.Should().Be("macro_accuracy");
        card.Metrics.Run.Should().Contain("train_macro_accuracy", 0.97);
        card.Factors.SensitiveFeatures.Should().Equal(nameof(SexedPenguin.Sex));
        card.QuantitativeAnalyses.Fairness!.Groups.Select(g => g.Group).Should().Equal("FEMALE", "MALE");
        card.QuantitativeAnalyses.Fairness.DemographicParityRatio.Should().Be(report.Fairness!.DemographicParityRatio);
        card.QuantitativeAnalyses.Drift.Select(d => d.Column).Should().Equal(TrainedModels.Features);
        card.Approvals.Should().HaveCount(2);
        card.Approvals[0].Should().BeEquivalentTo(new { Kind = JournalKinds.PromotionRequested, Status = "pending", Actor = "alice", RequestId = "req-1", Alias = "production" });
        card.Approvals[1].Should().BeEquivalentTo(new { Status = "approved", Actor = "bob", Comment = "metrics and fairness reviewed" });
        card.AnnexIv.ValidationAndTestLogs.Should().ContainSingle().Which.Kind.Should().Be(JournalKinds.ModelVersionValidated);
        card.AnnexIv.OversightEvents.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Kind = JournalKinds.ModelServingDisabled, Actor = "carol" });
        card.AnnexIv.VersionHistory.Should().ContainSingle().Which.ValidationVerdict.Should().Be(report.Verdict == ValidationVerdict.Passed ? "PASSED" : "FAILED");
        card.MissingFields.Should().Equal(ModelCardFields.Required);
        card.GeneratedBy.Should().Be("carol");

        var json = card.ToJson();
        using (var document = JsonDocument.Parse(json))
        {
            var root = document.RootElement;
            root.GetProperty("modelDetails").GetProperty("artifactDigest").GetString().Should().Be(version.ArtifactDigest);
            root.GetProperty("metrics").GetProperty("evaluation").GetProperty("macro_accuracy").GetDouble().Should().Be(card.Metrics.Evaluation["macro_accuracy"]);
            root.GetProperty("trainingData").GetProperty("datasets")[0].GetProperty("digest").GetString().Should().Be(training.Digest);
            root.GetProperty("approvals")[1].GetProperty("actor").GetString().Should().Be("bob");
            root.GetProperty("annexIv").GetProperty("oversightEvents").GetArrayLength().Should().Be(1);
            root.GetProperty("missingFields").GetArrayLength().Should().Be(ModelCardFields.Required.Count);
        }

        ModelCard.FromJson(json).ToJson().Should().Be(json);
        var markdown = card.ToMarkdown();
        markdown.Should().Contain("# Model card: penguins version 1")
            .And.Contain("## Metrics").And.Contain("| macro_accuracy |")
            .And.Contain(training.Digest).And.Contain(version.ArtifactDigest)
            .And.Contain("## Approvals").And.Contain("metrics and fairness reviewed")
            .And.Contain("## EU AI Act Annex IV").And.Contain("### Human-oversight measures").And.Contain("incident 42")
            .And.Contain("| FEMALE |").And.Contain("**To be written:**");
    }

    [Fact]
    public async Task Written_fields_persist_across_providers_appear_in_both_formats_and_are_journaled()
    {
        var version = await _harness.RegisterAsync("alice");

        var stored = await Cards("alice").SetFieldsAsync(version.Uri, new Dictionary<string, string>
        {
            [ModelCardFields.IntendedUse] = "Classify penguin species from beak, flipper and body measurements.",
            [ModelCardFields.HumanOversightMeasures] = "A biologist reviews every | low-confidence prediction.",
            [ModelCardFields.License] = "MIT",
        }, Ct);
        var card = await Cards("dana").GenerateAsync("models:/penguins/latest", Ct);

        stored.Should().HaveCount(3);
        card.IntendedUse.PrimaryUses.Should().Be("Classify penguin species from beak, flipper and body measurements.");
        card.AnnexIv.HumanOversightMeasures.Should().StartWith("A biologist");
        card.ModelDetails.License.Should().Be("MIT");
        card.FieldsRevision.Should().Be(1);
        card.FieldsUpdatedBy.Should().Be("alice");
        card.MissingFields.Should().NotContain([ModelCardFields.IntendedUse, ModelCardFields.HumanOversightMeasures])
            .And.Contain(ModelCardFields.PostMarketMonitoringPlan);
        card.ToJson().Should().Contain("\"primaryUses\": \"Classify penguin species").And.Contain("\"license\": \"MIT\"");
        card.ToMarkdown().Should().Contain("Classify penguin species").And.Contain("A biologist reviews every | low-confidence prediction.")
            .And.Contain("## Caveats and recommendations" + Environment.NewLine + Environment.NewLine + "_To be written._");
        var edits = (await _harness.JournalAsync()).Where(e => e.Kind == JournalKinds.ModelCardEdited).ToList();
        edits.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Subject = "model/penguins/1", Actor = "alice" });
        edits[0].Payload.Should().Contain("intendedUse");

        await Cards("bob").SetFieldsAsync(version.Uri, new Dictionary<string, string> { [ModelCardFields.License] = "", [ModelCardFields.Contact] = "ml@example.org" }, Ct);
        var second = await Cards("erin").GenerateAsync(version.Uri, Ct);

        second.FieldsRevision.Should().Be(2);
        second.FieldsUpdatedBy.Should().Be("bob");
        second.ModelDetails.License.Should().BeNull();
        second.ModelDetails.Contact.Should().Be("ml@example.org");
        second.IntendedUse.PrimaryUses.Should().NotBeNull("fields not given are kept");
        (await _harness.As("auditor").GetRequiredService<IAuditLog>().VerifyAsync(Ct)).IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task An_unknown_field_or_an_oversized_value_is_refused_and_nothing_is_written()
    {
        var version = await _harness.RegisterAsync("alice");
        var cards = Cards("alice");
        var journalBefore = (await _harness.JournalAsync()).Count;

        var unknown = await cards.Invoking(c => c.SetFieldsAsync(version.Uri, new Dictionary<string, string>
        {
            [ModelCardFields.IntendedUse] = "valid",
            ["favouriteColour"] = "blue",
        }, Ct)).Should().ThrowAsync<MlopsValidationException>();
        var oversized = await cards.Invoking(c => c.SetFieldsAsync(version.Uri, new Dictionary<string, string>
        {
            [ModelCardFields.IntendedUse] = "valid",
            [ModelCardFields.CaveatsAndRecommendations] = new string('x', ModelCardFields.MaxValueLength + 1),
        }, Ct)).Should().ThrowAsync<MlopsValidationException>();

        unknown.Which.Value.Should().Be("favouriteColour");
        unknown.Which.Message.Should().Contain(ModelCardFields.PostMarketMonitoringPlan);
        oversized.Which.Field.Should().Contain(ModelCardFields.CaveatsAndRecommendations);
        oversized.Which.Rule.Should().Contain("20000");
        (await _harness.Store(_harness.As("auditor")).GetGovernanceRecordAsync(GovernanceRecordKinds.ModelCard, "penguins/1", Ct)).Should().BeNull();
        (await _harness.JournalAsync()).Should().HaveCount(journalBefore);
        (await cards.GenerateAsync(version.Uri, Ct)).IntendedUse.PrimaryUses.Should().BeNull();
    }

    [Fact]
    public async Task The_required_fields_nobody_wrote_are_listed_in_card_order()
    {
        var version = await _harness.RegisterAsync("alice");
        await Cards("alice").SetFieldsAsync(version.Uri, new Dictionary<string, string>
        {
            [ModelCardFields.IntendedUse] = "Species classification for field surveys.",
            [ModelCardFields.EthicalConsiderations] = "No personal data.",
            [ModelCardFields.PostMarketMonitoringPlan] = "Weekly online drift review.",
            [ModelCardFields.TrainingDataNotes] = "Palmer penguins, 344 rows.",
        }, Ct);

        var card = await Cards("bob").GenerateAsync(version.Uri, Ct);

        card.MissingFields.Should().Equal(
            ModelCardFields.OutOfScopeUses, ModelCardFields.RelevantFactors, ModelCardFields.CaveatsAndRecommendations,
            ModelCardFields.IntendedPurpose, ModelCardFields.DataRequirements, ModelCardFields.HumanOversightMeasures);
        card.IsComplete.Should().BeFalse();
        card.Metrics.ValidationVerdict.Should().BeNull("this version was never validated");
        card.TrainingData.Datasets.Should().BeEmpty("a version registered from a stream has no run");
        card.TrainingData.Notes.Should().Be("Palmer penguins, 344 rows.");

        await Cards("alice").SetFieldsAsync(version.Uri, card.MissingFields.ToDictionary(f => f, f => "Written: " + f), Ct);
        var complete = await Cards("bob").GenerateAsync(version.Uri, Ct);

        complete.MissingFields.Should().BeEmpty();
        complete.IsComplete.Should().BeTrue();
        complete.ToMarkdown().Should().NotContain("To be written");
    }
}

/// <summary>A penguin with its recorded sex (the sensitive feature for fairness), for rows where every value is present.</summary>
public sealed class SexedPenguin
{
    public string Species { get; set; } = "";

    public float BeakLength { get; set; }

    public float BeakDepth { get; set; }

    public float FlipperLength { get; set; }

    public float BodyMass { get; set; }

    public string Sex { get; set; } = "";

    public static List<SexedPenguin> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(SampleData.PenguinsPath));
        return doc.RootElement.EnumerateArray()
            .Where(e => e.TryGetProperty(nameof(Sex), out var sex) && sex.GetString() is "MALE" or "FEMALE" && e.GetProperty("Body Mass (g)").ValueKind == JsonValueKind.Number)
            .Select(e => new SexedPenguin
            {
                Species = e.GetProperty(nameof(Species)).GetString()!,
                BeakLength = e.GetProperty("Beak Length (mm)").GetSingle(),
                BeakDepth = e.GetProperty("Beak Depth (mm)").GetSingle(),
                FlipperLength = e.GetProperty("Flipper Length (mm)").GetSingle(),
                BodyMass = e.GetProperty("Body Mass (g)").GetSingle(),
                Sex = e.GetProperty(nameof(Sex)).GetString()!,
            })
            .ToList();
    }
}
