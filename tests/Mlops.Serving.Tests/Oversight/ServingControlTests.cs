using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Governance;
using Mlops.Journal;
using Mlops.Storage;

namespace Mlops.Serving.Tests.Oversight;

/// <summary>
/// Serving honours the kill switch without Governance: it reads the model's control record from the store and follows the
/// <c>model.serving.*</c> journal entries. Here the record is written through the store contract, as Governance writes it.
/// </summary>
public sealed class ServingControlTests(TrainedModels models)
{
    private const string Name = "penguins";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_control_record_saying_disabled_stops_the_model_and_one_saying_enabled_restarts_it()
    {
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip);
        await harness.Registry.SetAliasAsync(Name, "champion", 1, cancellationToken: Ct);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>(Name, "champion"));
        var server = app.GetRequiredService<IModelServer>();
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        await server.SyncAsync(Ct);
        var row = models.Penguins[0];
        predictor.Predict(row).PredictedSpecies.Should().NotBeEmpty();

        var store = harness.Admin.GetRequiredService<IGovernanceStore>();
        var at = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
        var record = await store.PutGovernanceRecordAsync(
            GovernanceRecordKinds.ModelControl, Name, """{"disabled":true,"reason":"incident 12"}""", 0, at, "carol",
            new JournalDraft(JournalKinds.ModelServingDisabled, "model/" + Name, "carol", at, """{"reason":"incident 12","actor":"carol"}"""), Ct);
        await server.SyncAsync(Ct);

        var thrown = predictor.Invoking(p => p.Predict(row)).Should().Throw<MlopsModelDisabledException>().Which;
        (thrown.Key, thrown.ModelName, thrown.Actor, thrown.Reason, thrown.Since).Should().Be((Name, Name, "carol", "incident 12", at));
        predictor.Status.Disabled.Should().Be(new ServingDisabled("incident 12", "carol", at));
        predictor.Status.Health.Should().Be(ServingHealth.Degraded);

        await store.PutGovernanceRecordAsync(
            GovernanceRecordKinds.ModelControl, Name, """{"disabled":false,"reason":"fixed"}""", record.Revision, at.AddHours(1), "dave",
            new JournalDraft(JournalKinds.ModelServingEnabled, "model/" + Name, "dave", at.AddHours(1), """{"reason":"fixed","actor":"dave"}"""), Ct);
        await server.SyncAsync(Ct);

        predictor.Predict(row).PredictedSpecies.Should().NotBeEmpty();
        predictor.Status.Disabled.Should().BeNull();
    }

    [Fact]
    public async Task A_recorder_that_does_not_record_the_model_is_never_asked_per_prediction()
    {
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip);
        await harness.Registry.SetAliasAsync(Name, "champion", 1, cancellationToken: Ct);
        var recorder = new CountingRecorder(records: false);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>(Name, "champion"), services => services.AddSingleton<IInferenceRecorder>(recorder));
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);

        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        predictor.Predict(models.Penguins[0]);
        predictor.PredictBatch([models.Penguins[1], models.Penguins[2]]);

        recorder.Asked.Should().Be(1, "asked once, when the model was set up");
        recorder.Samples.Should().Be(0);
        recorder.Recorded.Should().BeEmpty();
    }

    [Fact]
    public async Task A_recorder_sees_each_sampled_row_with_version_digest_variant_and_trace()
    {
        await using var harness = new ServingHarness(models);
        var version = await harness.RegisterAsync(models.PenguinsZip);
        await harness.Registry.SetAliasAsync(Name, "champion", 1, cancellationToken: Ct);
        var recorder = new CountingRecorder(records: true);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>(Name, "champion"), services => services.AddSingleton<IInferenceRecorder>(recorder));
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();

        using var request = new Activity("request").Start();
        var output = predictor.Predict(models.Penguins[0]);
        predictor.PredictBatch([models.Penguins[1], models.Penguins[2]]);
        request.Stop();

        recorder.Samples.Should().Be(3);
        recorder.Recorded.Should().HaveCount(3);
        var first = recorder.Recorded[0];
        (first.Key, first.ModelName, first.Version, first.ModelDigest, first.Variant, first.TraceId)
            .Should().Be((Name, Name, version.Version, version.ArtifactDigest, ServingVariants.Primary, request.TraceId.ToHexString()));
        first.Input.Should().BeSameAs(models.Penguins[0]);
        first.Output.Should().BeSameAs(output);
    }

    private sealed class CountingRecorder(bool records) : IInferenceRecorder
    {
        public int Asked { get; private set; }

        public int Samples { get; private set; }

        public List<ServedInference<Penguin, SpeciesPrediction>> Recorded { get; } = [];

        public bool Records(string key, string modelName)
        {
            Asked++;
            return records;
        }

        public bool Sample(string key)
        {
            Samples++;
            return true;
        }

        public void Record<TIn, TOut>(ServedInference<TIn, TOut> inference)
            where TIn : class
            where TOut : class =>
            Recorded.Add((ServedInference<Penguin, SpeciesPrediction>)(object)inference);
    }
}
