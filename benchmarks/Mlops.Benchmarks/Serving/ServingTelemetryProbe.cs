using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Mlops.Benchmarks.Serving;

/// <summary>
/// An <see cref="IMeterFactory"/> like the one <c>AddMetrics()</c> registers (meters scoped to the factory, disposed with
/// it), so that <c>AddMlops</c> creates its <c>Mlops</c> meter the way it does in a hosted app.
/// </summary>
internal sealed class BenchmarkMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
        lock (_meters)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        lock (_meters)
        {
            foreach (var meter in _meters)
            {
                meter.Dispose();
            }

            _meters.Clear();
        }
    }
}

/// <summary>
/// An OpenTelemetry SDK meter provider listening to the <c>Mlops</c> meter (<c>AddMlopsInstrumentation()</c>), with a
/// pull reader whose exporter only remembers the serving totals, so that a benchmark can prove the histogram and the
/// counter record (<see cref="Verify"/>) while the per-call cost is the SDK's real aggregation.
/// </summary>
internal sealed class ServingTelemetryProbe : IDisposable
{
    private readonly TotalsExporter _exporter = new();
    private readonly MeterProvider _provider;

    public ServingTelemetryProbe()
    {
        _provider = Sdk.CreateMeterProviderBuilder()
            .AddMlopsInstrumentation()
            .AddReader(new BaseExportingMetricReader(_exporter))
            .Build();
    }

    /// <summary>Collects now and throws unless the serving counter and the duration histogram saw at least <paramref name="minimum"/> predictions.</summary>
    public void Verify(long minimum)
    {
        if (!_provider.ForceFlush(10_000))
        {
            throw new InvalidOperationException("The OpenTelemetry meter provider did not flush.");
        }

        if (_exporter.Predictions < minimum || _exporter.DurationCount < minimum)
        {
            throw new InvalidOperationException(
                $"Telemetry is not recording: mlops.serving.predictions = {_exporter.Predictions}, mlops.serving.prediction.duration count = {_exporter.DurationCount}, expected at least {minimum} each.");
        }
    }

    public void Dispose() => _provider.Dispose();

    private sealed class TotalsExporter : BaseExporter<Metric>
    {
        public long Predictions { get; private set; }

        public long DurationCount { get; private set; }

        public override ExportResult Export(in Batch<Metric> batch)
        {
            long predictions = 0, durations = 0;
            foreach (var metric in batch)
            {
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    if (metric.Name == "mlops.serving.predictions")
                    {
                        predictions += point.GetSumLong();
                    }
                    else if (metric.Name == "mlops.serving.prediction.duration")
                    {
                        durations += point.GetHistogramCount();
                    }
                }
            }

            // Cumulative temporality: each collection reports totals since the start.
            Predictions = predictions;
            DurationCount = durations;
            return ExportResult.Success;
        }
    }
}
