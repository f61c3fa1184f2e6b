using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Mlops;

/// <summary>
/// The process's <c>Mlops</c> activity source and the DI-scoped <c>Mlops</c> meter (created through
/// <see cref="IMeterFactory"/> so that each service provider's instruments are separate and disposed with it).
/// </summary>
public sealed class MlopsInstrumentation : IDisposable
{
    /// <summary>The <c>Mlops</c> activity source. Activities are created only when a listener samples them.</summary>
    public static ActivitySource ActivitySource { get; } = new(MlopsTelemetry.Name, MlopsTelemetry.Version);

    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    /// <summary>Creates the instrumentation with a meter from <paramref name="meterFactory"/>, or an owned meter when none is registered.</summary>
    public MlopsInstrumentation(IMeterFactory? meterFactory = null)
    {
        var options = new MeterOptions(MlopsTelemetry.Name) { Version = MlopsTelemetry.Version };
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(options) ?? new Meter(options);
    }

    /// <summary>The <c>Mlops</c> meter on which feature packages create their instruments.</summary>
    public Meter Meter => _meter;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
