namespace Mlops.Serving.Tests.Telemetry;

/// <summary>
/// The tests that listen to the <c>Mlops</c> meter or activity source with OpenTelemetry. xUnit runs this collection alone,
/// after the parallel tests, because both subscriptions are process-wide, by name:
/// <list type="bullet">
/// <item>The activity source is static: another test's tracer provider would make <c>HasListeners()</c> true (and create
/// activities) while a test checks that nothing is created without a listener.</item>
/// <item>Every app instance (service provider) has its own <c>Mlops</c> meter from its <c>IMeterFactory</c>, but an
/// OpenTelemetry meter provider listens to all meters named <c>Mlops</c> in the process and aggregates same-named
/// instruments of different meters into one metric stream. When another test disposes its app, its meter's instruments
/// complete, OpenTelemetry marks that shared stream as ended and drops it at the next collection: the measurements of
/// the test still running vanish (observed: swap counts read back empty when run in parallel, correct when run alone).</item>
/// </list>
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Mlops telemetry listeners (not parallel)";
}
