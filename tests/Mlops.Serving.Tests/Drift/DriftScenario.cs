using Microsoft.Extensions.DependencyInjection;
using Mlops.Serving.Drift;
using Mlops.Serving.Tests.Telemetry;
using Mlops.Validation.Drift;
using OpenTelemetry.Metrics;

namespace Mlops.Serving.Tests.Drift;

/// <summary>
/// Online drift on real penguins: the reference is the training split's profile; in-distribution windows are seeded shuffles
/// of all complete penguins, and the shifted window is Gentoo penguins only (much heavier, longer flippers, shallower beaks).
/// </summary>
internal static class DriftScenario
{
    /// <summary>
    /// The in-distribution window: 300 of the 342 complete penguins. The reference profile is compared with normalized
    /// Wasserstein distances (threshold 0.1 standard deviations), whose sampling noise is about that large at 100 rows.
    /// </summary>
    public const int Window = 300;

    public const string DriftScore = "mlops.serving.drift.score";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The 123 complete Gentoo penguins.</summary>
    public static IReadOnlyList<Penguin> Gentoo(TrainedModels models) => models.CompletePenguins.Where(p => p.Species == "Gentoo").ToList();

    public static async Task<(ServiceProvider App, IModelServer Server, IPredictor<Penguin, SpeciesPrediction> Predictor)> ServeAsync(
        ServingHarness harness,
        string name,
        Action<OnlineDriftOptions> drift,
        Action<IServiceCollection>? extra = null,
        bool storeReference = true)
    {
        var version = await harness.RegisterAsync(harness.Models.PenguinsZip, name);
        if (storeReference)
        {
            await harness.StoreReferenceAsync(version);
        }

        await harness.Registry.SetAliasAsync(name, "champion", version.Version, cancellationToken: Ct);
        var app = harness.Open(
            s => s.AddModel<Penguin, SpeciesPrediction>(name, o =>
            {
                o.Alias = "champion";
                o.Drift.SampleRate = 1;
                drift(o.Drift);
            }),
            extra);
        var server = app.GetRequiredService<IModelServer>();
        await server.SyncAsync(Ct);
        return (app, server, app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>());
    }

    /// <summary>A seeded shuffle of every complete penguin (all three species, as in the training data).</summary>
    public static List<Penguin> InDistribution(TrainedModels models, int count, int seed)
    {
        var rows = models.CompletePenguins.ToArray();
        new Random(seed).Shuffle(rows);
        return rows.Take(count).ToList();
    }

    public static void Feed(IPredictor<Penguin, SpeciesPrediction> predictor, IEnumerable<Penguin> rows)
    {
        foreach (var row in rows)
        {
            predictor.Predict(row);
        }
    }

    public static void ExpectGauge(TelemetryCapture capture, OnlineDriftStatus drift)
    {
        capture.Metric(DriftScore)!.MetricType.Should().Be(MetricType.DoubleGauge);
        var points = capture.Points(DriftScore);
        points.Should().HaveCount(drift.Report.Columns.Count);
        foreach (var column in drift.Report.Columns)
        {
            var point = points.Should().ContainSingle(p => (string?)TelemetryCapture.Tag(p, "mlops.serving.drift.feature") == column.Column).Subject;
            TelemetryCapture.Tag(point, "mlops.serving.drift.test").Should().Be(column.Test.ToString());
            Convert.ToInt32(TelemetryCapture.Tag(point, MlopsTelemetry.Tags.ModelVersion)).Should().Be(drift.Version);
            TelemetryCapture.Tag(point, MlopsTelemetry.Tags.ServingKey).Should().Be(capture.ModelName);
            point.GetGaugeLastValueDouble().Should().Be(column.Score);
        }
    }

    public static string Describe(OnlineDriftStatus? drift) =>
        drift is null ? "no evaluation" : string.Join("; ", drift.Report.Columns.Select(Describe));

    public static string Describe(ColumnDriftResult c) =>
        FormattableString.Invariant($"{c.Column} {c.Test} score {c.Score:G4} threshold {c.Threshold:G4} drifted {c.Drifted}");
}
