namespace Mlops;

/// <summary>
/// Names of the telemetry Mlops.Sdk emits: one <see cref="System.Diagnostics.ActivitySource"/> and one
/// <see cref="System.Diagnostics.Metrics.Meter"/>, both named <c>Mlops</c>. Subscribe with these names.
/// </summary>
public static class MlopsTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "Mlops";

    /// <summary>The instrumentation version reported with the source and the meter.</summary>
    public static string Version { get; } =
        typeof(MlopsTelemetry).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Tag (attribute) names used on activities and instruments.</summary>
    public static class Tags
    {
        /// <summary>The experiment identifier.</summary>
        public const string ExperimentId = "mlops.experiment.id";

        /// <summary>The experiment name.</summary>
        public const string ExperimentName = "mlops.experiment.name";

        /// <summary>The run identifier.</summary>
        public const string RunId = "mlops.run.id";

        /// <summary>The run status at its end.</summary>
        public const string RunStatus = "mlops.run.status";

        /// <summary>The store provider.</summary>
        public const string StoreProvider = "mlops.store.provider";

        /// <summary>The registered model name.</summary>
        public const string ModelName = "mlops.model.name";

        /// <summary>The model version number.</summary>
        public const string ModelVersion = "mlops.model.version";

        /// <summary>The alias a served model follows (absent when pinned to a version).</summary>
        public const string ModelAlias = "mlops.model.alias";

        /// <summary>The serving variant that answered: <c>primary</c>, <c>canary</c> or <c>shadow</c>.</summary>
        public const string ServingVariant = "mlops.serving.variant";

        /// <summary>The served model's key (the keyed-service key).</summary>
        public const string ServingKey = "mlops.serving.key";
    }
}
