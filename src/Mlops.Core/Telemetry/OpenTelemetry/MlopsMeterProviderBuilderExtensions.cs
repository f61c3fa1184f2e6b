using Mlops;

namespace OpenTelemetry.Metrics;

/// <summary>Subscribes an OpenTelemetry meter provider to Mlops.Sdk's instruments.</summary>
public static class MlopsMeterProviderBuilderExtensions
{
    /// <summary>
    /// Listens to the <c>Mlops</c> meter: tracking, registry and serving instruments such as
    /// <c>mlops.serving.prediction.duration</c> (seconds, with bucket advice for sub-millisecond predictions).
    /// </summary>
    public static MeterProviderBuilder AddMlopsInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(MlopsTelemetry.Name);
    }
}
