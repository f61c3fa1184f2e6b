using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Mlops.Serving.Tests.Telemetry;

/// <summary>
/// Activities of the static <c>Mlops</c> source. These tests need to know that nothing else listens (so that
/// <see cref="ActivitySource.HasListeners"/> is false before they listen), hence the non-parallel collection.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class ServingActivityTests(TrainedModels models)
{
    private const string Predict = "mlops.serving.predict";
    private const string Swap = "mlops.serving.swap";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Predictions_and_swaps_are_activities_with_the_model_tags_only_once_a_tracer_listens()
    {
        const string name = "telemetry-activities";
        MlopsInstrumentation.ActivitySource.HasListeners().Should().BeFalse("no other test listens while this collection runs");
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip, name);
        await harness.RegisterAsync(models.PenguinsZip, name);
        await harness.RegisterMisfitAsync(name);
        await harness.Registry.SetAliasAsync(name, "champion", 1, cancellationToken: Ct);
        var capture = new TelemetryCapture(name);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>(name, "champion"), services => capture.Register(services, tracing: true));
        var server = app.GetRequiredService<IModelServer>();
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        var rows = models.CompletePenguins;

        // Registered but not resolved: no tracer provider exists yet, so nothing listens.
        await server.SyncAsync(Ct);
        predictor.Predict(rows[0]);
        predictor.PredictBatch(rows.Take(3).ToList());
        MlopsInstrumentation.ActivitySource.HasListeners().Should().BeFalse();

        capture.Start(app, tracing: true);
        MlopsInstrumentation.ActivitySource.HasListeners().Should().BeTrue();
        predictor.Predict(rows[1]);
        predictor.PredictBatch(rows.Take(4).ToList());

        var predictions = capture.Activities(Predict);
        predictions.Should().HaveCount(2, "the three calls made before the tracer listened created no activity");
        predictions.Select(a => a.GetTagItem("mlops.serving.rows")).Should().Equal(1, 4);
        foreach (var activity in predictions)
        {
            activity.Kind.Should().Be(ActivityKind.Internal);
            activity.Status.Should().Be(ActivityStatusCode.Unset);
            activity.GetTagItem(MlopsTelemetry.Tags.ModelVersion).Should().Be(1);
            activity.GetTagItem(MlopsTelemetry.Tags.ModelAlias).Should().Be("champion");
            activity.GetTagItem(MlopsTelemetry.Tags.ServingVariant).Should().Be(ServingVariants.Primary);
        }

        capture.Activities(Swap).Should().BeEmpty("version 1 was loaded before the tracer listened");

        await harness.Registry.SetAliasAsync(name, "champion", 2, cancellationToken: Ct);
        await server.SyncAsync(Ct);
        await harness.Registry.SetAliasAsync(name, "champion", 3, cancellationToken: Ct);
        await server.SyncAsync(Ct);

        var swaps = capture.Activities(Swap);
        swaps.Should().HaveCount(2);
        swaps[0].GetTagItem(MlopsTelemetry.Tags.ModelVersion).Should().Be(2);
        swaps[0].GetTagItem(MlopsTelemetry.Tags.ServingVariant).Should().Be(ServingVariants.Primary);
        swaps[0].Status.Should().Be(ActivityStatusCode.Unset);
        swaps[1].GetTagItem(MlopsTelemetry.Tags.ModelVersion).Should().Be(3);
        swaps[1].Status.Should().Be(ActivityStatusCode.Error, "the misfit version failed its swap");
        swaps[1].StatusDescription.Should().NotBeNullOrEmpty();

        predictor.Predict(rows[2]);
        capture.Activities(Predict)[^1].GetTagItem(MlopsTelemetry.Tags.ModelVersion).Should().Be(2, "version 2 still serves");
    }

    [Fact]
    public async Task A_rejected_row_ends_its_activity_with_an_error_status()
    {
        const string name = "telemetry-activity-error";
        await using var harness = new ServingHarness(models);
        var version = await harness.RegisterAsync(models.PenguinsZip, name);
        await harness.StoreReferenceAsync(version);
        await harness.Registry.SetAliasAsync(name, "champion", 1, cancellationToken: Ct);
        var capture = new TelemetryCapture(name);
        var app = harness.Open(
            s => s.AddModel<Penguin, SpeciesPrediction>(name, o =>
            {
                o.Alias = "champion";
                o.InputChecks.Mode = InputCheckMode.Reject;
            }),
            services => capture.Register(services, tracing: true));
        capture.Start(app, tracing: true);
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();

        predictor.Invoking(p => p.Predict(new Penguin { BeakLength = 40, BeakDepth = 18, FlipperLength = 190, BodyMass = -5000 }))
            .Should().Throw<MlopsValidationException>();

        var activity = capture.Activities(Predict).Should().ContainSingle().Subject;
        activity.Status.Should().Be(ActivityStatusCode.Error);
        activity.StatusDescription.Should().Contain(nameof(Penguin.BodyMass));
    }

    [Fact]
    public async Task A_listener_that_samples_nothing_gets_no_activity_and_one_that_only_propagates_gets_untagged_ones()
    {
        const string name = "telemetry-sampling";
        MlopsInstrumentation.ActivitySource.HasListeners().Should().BeFalse("no other test listens while this collection runs");
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip, name);
        await harness.Registry.SetAliasAsync(name, "champion", 1, cancellationToken: Ct);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>(name, "champion"));
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        var row = models.CompletePenguins[0];

        var sampling = ActivitySamplingResult.None;
        var started = new List<Activity>();
        using (var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == MlopsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => sampling,
            ActivityStarted = a =>
            {
                lock (started)
                {
                    started.Add(a);
                }
            },
        })
        {
            ActivitySource.AddActivityListener(listener);
            MlopsInstrumentation.ActivitySource.HasListeners().Should().BeTrue();

            predictor.Predict(row);
            predictor.PredictBatch([row, row]);
            started.Should().BeEmpty("a listener that samples nothing gets no activity");

            sampling = ActivitySamplingResult.PropagationData;
            predictor.Predict(row);
            var activity = started.Should().ContainSingle().Subject;
            activity.OperationName.Should().Be(Predict);
            activity.IsAllDataRequested.Should().BeFalse();
            activity.TagObjects.Should().BeEmpty("tags are only set when all data is requested");

            sampling = ActivitySamplingResult.AllData;
            predictor.Predict(row);
            started.Should().HaveCount(2);
            started[1].GetTagItem(MlopsTelemetry.Tags.ModelName).Should().Be(name);
        }

        MlopsInstrumentation.ActivitySource.HasListeners().Should().BeFalse("the listener is disposed");
        predictor.Predict(row).PredictedSpecies.Should().NotBeNullOrEmpty();
        started.Should().HaveCount(2);
    }
}
