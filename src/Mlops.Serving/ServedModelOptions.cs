using Mlops.Serving.Drift;
using Mlops.Serving.Routing;

namespace Mlops.Serving;

/// <summary>How one model is served.</summary>
/// <typeparam name="TIn">The input row type.</typeparam>
/// <typeparam name="TOut">The output row type.</typeparam>
public sealed class ServedModelOptions<TIn, TOut>
    where TIn : class
    where TOut : class, new()
{
    /// <summary>The keyed-service key and the name in status, telemetry and health data.</summary>
    /// <value>The model name.</value>
    public string? Key { get; set; }

    /// <summary>The alias to follow (such as <c>champion</c>); exactly one of <see cref="Alias"/> and <see cref="Version"/> is set.</summary>
    public string? Alias { get; set; }

    /// <summary>A version to pin instead of following an alias.</summary>
    public int? Version { get; set; }

    /// <summary>Prediction engines kept per model generation; more are created under load and dropped on return.</summary>
    /// <value>Twice the processor count.</value>
    public int MaxPooledEngines { get; set; } = Environment.ProcessorCount * 2;

    /// <summary>A row predicted with each new generation before it is published; a failure fails the swap. Without it, a default-constructed row is tried and its failure only logged.</summary>
    public TIn? WarmupInput { get; set; }

    /// <summary>
    /// Answers in the model's place while a person has stopped its serving with the kill switch (human oversight): a rule,
    /// a constant, or a call to another system. Its answers are reported with the <see cref="ServingVariants.Fallback"/>
    /// variant (and version 0). Without it, predictions throw <see cref="MlopsModelDisabledException"/> while stopped.
    /// </summary>
    /// <value><see langword="null"/>: no fallback.</value>
    public Func<TIn, TOut>? Fallback { get; set; }

    /// <summary>Optional canary route.</summary>
    public CanaryRoute? Canary { get; set; }

    /// <summary>Optional shadow route.</summary>
    public ShadowRoute<TOut>? Shadow { get; set; }

    /// <summary>Serve-time input checks.</summary>
    public InputCheckOptions InputChecks { get; } = new();

    /// <summary>Online drift monitoring.</summary>
    public OnlineDriftOptions Drift { get; } = new();
}
