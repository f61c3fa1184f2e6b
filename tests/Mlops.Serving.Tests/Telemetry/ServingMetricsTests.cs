using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Serving.Telemetry;
using OpenTelemetry.Metrics;

namespace Mlops.Serving.Tests.Telemetry;

/// <summary>
/// Serving's instruments read through OpenTelemetry's in-memory exporter. Each test serves its own model name and reads
/// only the points tagged with it, because OpenTelemetry listens to every <c>Mlops</c> meter in the process; and the tests
/// run in the non-parallel <see cref="TelemetryCollection"/> (see there why).
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class ServingMetricsTests(TrainedModels models)
{
    private const string Duration = "mlops.serving.prediction.duration";
    private const string Predictions = "mlops.serving.predictions";
    private const string Errors = "mlops.serving.errors";
    private const string Swaps = "mlops.serving.model.swaps";
    private const string InputIssues = "mlops.serving.input.issues";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_prediction_call_is_timed_in_seconds_with_the_advised_buckets_and_every_row_is_counted()
    {
        const string name = "telemetry-predictions";
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip, name);
        await harness.Registry.SetAliasAsync(name, "champion", 1, cancellationToken: Ct);
        var capture = new TelemetryCapture(name);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>(name, "champion"), services => capture.Register(services, tracing: false));
        capture.Start(app, tracing: false);
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        var rows = models.CompletePenguins;

        for (var i = 0; i < 20; i++)
        {
            predictor.Predict(rows[i]);
        }

        predictor.PredictBatch(rows.Skip(20).Take(5).ToList());
        await predictor.PredictAsync(rows[25], cancellationToken: Ct);
        predictor.PredictWithDetails(rows[26]);

        var duration = capture.Metric(Duration)!;
        duration.Should().NotBeNull();
        duration.Unit.Should().Be("s");
        duration.MetricType.Should().Be(MetricType.Histogram);
        var point = capture.Points(Duration).Should().ContainSingle().Subject;
        point.GetHistogramCount().Should().Be(23, "20 single predictions, one batch, one async and one detailed call");
        point.GetHistogramSum().Should().BeGreaterThan(0);
        ExpectModelTags(point, name, version: 1, alias: "champion");

        var advised = app.GetRequiredService<ServingTelemetry>().Duration.Advice!.HistogramBucketBoundaries!;
        advised.Should().HaveCount(20).And.BeInAscendingOrder();
        advised[0].Should().Be(0.000005, "predictions take microseconds; OpenTelemetry's default buckets start at 0 then 5 s");
        var bounds = new List<double>();
        long bucketed = 0;
        foreach (var bucket in point.GetHistogramBuckets())
        {
            bounds.Add(bucket.ExplicitBound);
            bucketed += bucket.BucketCount;
        }

        bounds.Should().Equal([.. advised, double.PositiveInfinity], "the exporter uses the instrument's bucket advice");
        bucketed.Should().Be(23);

        var predictions = capture.Points(Predictions).Should().ContainSingle().Subject;
        predictions.GetSumLong().Should().Be(27, "rows, not calls: 20 + 5 + 1 + 1");
        ExpectModelTags(predictions, name, version: 1, alias: "champion");
        capture.Metric(Predictions)!.MetricType.Should().Be(MetricType.LongSum);

        capture.Points(Errors).Should().BeEmpty();
    }

    [Fact]
    public async Task A_row_rejected_by_the_input_checks_is_counted_as_an_error_by_type_and_as_an_input_issue_but_not_as_a_prediction()
    {
        const string name = "telemetry-errors";
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
            services => capture.Register(services, tracing: false));
        capture.Start(app, tracing: false);
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        var good = models.CompletePenguins[0];
        var heavy = new Penguin { BeakLength = good.BeakLength, BeakDepth = good.BeakDepth, FlipperLength = good.FlipperLength, BodyMass = 100_000 };

        predictor.Predict(good);
        predictor.Invoking(p => p.Predict(heavy)).Should().Throw<MlopsValidationException>().Which.Message.Should().Contain(nameof(Penguin.BodyMass));
        predictor.Invoking(p => p.PredictBatch([good, heavy])).Should().Throw<MlopsValidationException>();
        predictor.Predict(good);

        var errors = capture.Points(Errors);
        errors.Should().ContainSingle();
        errors[0].GetSumLong().Should().Be(2, "the rejected row and the batch that contained it");
        TelemetryCapture.Tag(errors[0], "error.type").Should().Be(nameof(MlopsValidationException));
        ExpectModelTags(errors[0], name, version: 1, alias: "champion");
        capture.Metric(Errors)!.Unit.Should().Be("{error}");

        capture.Points(Predictions).Should().ContainSingle().Which.GetSumLong().Should().Be(2, "failed calls count as errors only");
        capture.Points(Duration).Should().ContainSingle().Which.GetHistogramCount().Should().Be(2);

        var issues = capture.Points(InputIssues).Should().ContainSingle().Subject;
        issues.GetSumLong().Should().Be(2);
        TelemetryCapture.Tag(issues, "mlops.serving.input.field").Should().Be(nameof(Penguin.BodyMass));
        TelemetryCapture.Tag(issues, "mlops.serving.input.issue").Should().Be(nameof(InputIssueKind.OutOfRange));
    }

    [Fact]
    public async Task A_prediction_refused_because_nothing_is_loaded_is_counted_as_an_error()
    {
        const string name = "telemetry-unavailable";
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip, name);
        await harness.Registry.SetAliasAsync(name, "champion", 1, cancellationToken: Ct);
        var capture = new TelemetryCapture(name);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>(name, "champion"), services => capture.Register(services, tracing: false));
        capture.Start(app, tracing: false);
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();

        predictor.Invoking(p => p.Predict(models.CompletePenguins[0])).Should().Throw<MlopsModelUnavailableException>();

        // The errors instrument is documented as "predictions that threw": an outage before the first load must show up.
        var error = capture.Points(Errors).Should().ContainSingle().Subject;
        error.GetSumLong().Should().Be(1);
        TelemetryCapture.Tag(error, "error.type").Should().Be(nameof(MlopsModelUnavailableException));
        TelemetryCapture.Tag(error, MlopsTelemetry.Tags.ServingVariant).Should().Be(ServingVariants.Primary);
    }

    [Fact]
    public async Task Swaps_are_counted_by_result_and_version_published_then_failed_then_published()
    {
        const string name = "telemetry-swaps";
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip, name);
        await harness.RegisterMisfitAsync(name);
        await harness.RegisterAsync(models.PenguinsZip, name);
        await harness.Registry.SetAliasAsync(name, "champion", 1, cancellationToken: Ct);
        var capture = new TelemetryCapture(name);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>(name, "champion"), services => capture.Register(services, tracing: false));
        capture.Start(app, tracing: false);
        var server = app.GetRequiredService<IModelServer>();

        await server.SyncAsync(Ct);
        await harness.Registry.SetAliasAsync(name, "champion", 2, cancellationToken: Ct);
        await server.SyncAsync(Ct);
        server.GetStatus(name).Live!.Version.Should().Be(1, "the misfit version failed to load");
        await harness.Registry.SetAliasAsync(name, "champion", 3, cancellationToken: Ct);
        await server.SyncAsync(Ct);
        server.GetStatus(name).Live!.Version.Should().Be(3);

        capture.Metric(Swaps)!.Unit.Should().Be("{swap}");
        var swaps = capture.Points(Swaps)
            .Select(p => (Version: Convert.ToInt32(TelemetryCapture.Tag(p, MlopsTelemetry.Tags.ModelVersion)), Result: (string?)TelemetryCapture.Tag(p, "mlops.serving.swap.result"), Count: p.GetSumLong()))
            .OrderBy(s => s.Version)
            .ToList();
        swaps.Should().Equal((1, "published", 1L), (2, "failed", 1L), (3, "published", 1L));
        foreach (var point in capture.Points(Swaps))
        {
            ExpectModelTags(point, name, version: null, alias: "champion");
        }
    }

    [Fact]
    public async Task A_pinned_version_served_under_a_custom_key_is_tagged_with_name_version_and_variant_only()
    {
        const string name = "telemetry-pinned";
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip, name);
        var capture = new TelemetryCapture(name);
        var app = harness.Open(
            s => s.AddModel<Penguin, SpeciesPrediction>(name, o =>
            {
                o.Version = 1;
                o.Key = "pinned-key";
            }),
            services => capture.Register(services, tracing: false));
        capture.Start(app, tracing: false);
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var predictor = app.GetRequiredKeyedService<IPredictor<Penguin, SpeciesPrediction>>("pinned-key");

        predictor.Predict(models.CompletePenguins[0]);

        var point = capture.Points(Predictions).Should().ContainSingle().Subject;
        var tags = TelemetryCapture.Tags(point);
        tags.Keys.Should().BeEquivalentTo(MlopsTelemetry.Tags.ModelName, MlopsTelemetry.Tags.ModelVersion, MlopsTelemetry.Tags.ServingVariant);
        Convert.ToInt32(tags[MlopsTelemetry.Tags.ModelVersion]).Should().Be(1);
        tags[MlopsTelemetry.Tags.ServingVariant].Should().Be(ServingVariants.Primary);
        TelemetryCapture.Tags(capture.Points(Swaps).Should().ContainSingle().Subject).Keys.Should().BeEquivalentTo(
            MlopsTelemetry.Tags.ModelName, MlopsTelemetry.Tags.ModelVersion, MlopsTelemetry.Tags.ServingVariant, "mlops.serving.swap.result");
    }

    [Fact]
    public async Task The_meter_comes_from_the_apps_meter_factory_and_a_meter_provider_built_outside_DI_also_reads_it()
    {
        const string name = "telemetry-standalone";
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip, name);
        await harness.Registry.SetAliasAsync(name, "champion", 1, cancellationToken: Ct);
        var capture = new TelemetryCapture(name);
        using var provider = capture.BuildStandalone();

        // No OpenTelemetry in the app, only IMeterFactory (AddMetrics): the Mlops meter is the factory's, scoped to this app.
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>(name, "champion"), services => services.AddMetrics());
        var meter = app.GetRequiredService<ServingTelemetry>().Meter;
        meter.Name.Should().Be(MlopsTelemetry.Name);
        meter.Scope.Should().BeSameAs(app.GetRequiredService<IMeterFactory>());
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();

        predictor.Predict(models.CompletePenguins[0]);
        predictor.Predict(models.CompletePenguins[1]);

        capture.Points(Predictions).Should().ContainSingle().Which.GetSumLong().Should().Be(2,
            "OpenTelemetry subscribes by meter name, so it reads the DI-scoped meter too");
        capture.Points(Swaps).Should().ContainSingle().Which.GetSumLong().Should().Be(1);
    }

    [Fact]
    public async Task The_DI_meter_provider_listens_by_meter_name_so_it_also_reads_other_app_instances_in_the_process()
    {
        const string name = "telemetry-other-app";
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip, name);
        await harness.Registry.SetAliasAsync(name, "champion", 1, cancellationToken: Ct);
        var capture = new TelemetryCapture(name);
        var observer = harness.Open(null, services => capture.Register(services, tracing: false));
        capture.Start(observer, tracing: false);

        // Another app instance in the same process, without OpenTelemetry.
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>(name, "champion"));
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>().Predict(models.CompletePenguins[0]);

        capture.Points(Predictions).Should().ContainSingle().Which.GetSumLong().Should().Be(1,
            "this is why every telemetry test reads only the points of its own model name");
    }

    private static void ExpectModelTags(MetricPoint point, string name, int? version, string? alias)
    {
        var tags = TelemetryCapture.Tags(point);
        tags[MlopsTelemetry.Tags.ModelName].Should().Be(name);
        if (version is { } v)
        {
            Convert.ToInt32(tags[MlopsTelemetry.Tags.ModelVersion]).Should().Be(v);
        }
        else
        {
            tags.Should().ContainKey(MlopsTelemetry.Tags.ModelVersion);
        }

        if (alias is null)
        {
            tags.Should().NotContainKey(MlopsTelemetry.Tags.ModelAlias);
        }
        else
        {
            tags[MlopsTelemetry.Tags.ModelAlias].Should().Be(alias);
        }

        tags[MlopsTelemetry.Tags.ServingVariant].Should().Be(ServingVariants.Primary);
        tags.Should().NotContainKey(MlopsTelemetry.Tags.ServingKey, "the key is left out to keep recordings cheap (it is in status, health and the drift gauge)");
    }
}
