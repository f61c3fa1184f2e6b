namespace Mlops.Registry;

/// <summary>Activity and tag names of the registry, on the <c>Mlops</c> activity source.</summary>
internal static class RegistryTelemetry
{
    public const string RegisterActivity = "mlops.registry.register";
    public const string LoadActivity = "mlops.registry.load";
    public const string ModelName = MlopsTelemetry.Tags.ModelName;
    public const string ModelVersion = MlopsTelemetry.Tags.ModelVersion;
    public const string ModelFlavor = "mlops.model.flavor";
    public const string ModelUri = "mlops.model.uri";
}
