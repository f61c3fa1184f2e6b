namespace Mlops.Serving;

/// <summary>Names of the serving variants, as reported in <see cref="Prediction{TOut}.Variant"/> and telemetry.</summary>
public static class ServingVariants
{
    /// <summary>The model version the served alias (or pinned version) names.</summary>
    public const string Primary = "primary";

    /// <summary>The second version a canary route sends a share of traffic to.</summary>
    public const string Canary = "canary";

    /// <summary>The challenger a shadow route mirrors traffic to; its outputs never reach callers.</summary>
    public const string Shadow = "shadow";

    /// <summary>The configured fallback that answers while the model is stopped by the kill switch (<see cref="ServedModelOptions{TIn, TOut}.Fallback"/>).</summary>
    public const string Fallback = "fallback";
}
