using Mlops;

namespace OpenTelemetry.Trace;

/// <summary>Subscribes an OpenTelemetry tracer provider to Mlops.Sdk's activities.</summary>
public static class MlopsTracerProviderBuilderExtensions
{
    /// <summary>
    /// Listens to the <c>Mlops</c> activity source (runs, registry loads, serving predictions and swaps). Activities are only
    /// created while a provider samples them.
    /// </summary>
    public static TracerProviderBuilder AddMlopsInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSource(MlopsTelemetry.Name);
    }
}
