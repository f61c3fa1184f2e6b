using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace QuickStart;

/// <summary>
/// OpenTelemetry's console metric exporter, printing only while <see cref="Enabled"/>: the QuickStart prints serving's
/// metrics once, when it flushes, and not again when the meter provider collects a last time at shutdown.
/// </summary>
internal sealed class MetricsPrinter : BaseExporter<Metric>
{
    private readonly ConsoleMetricExporter _console = new(new ConsoleExporterOptions());

    public bool Enabled { get; set; }

    public override ExportResult Export(in Batch<Metric> batch) => Enabled ? _console.Export(batch) : ExportResult.Success;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _console.Dispose();
        }

        base.Dispose(disposing);
    }
}
