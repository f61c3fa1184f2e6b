namespace Mlops.Pipelines;

/// <summary>
/// The tags pipeline executions and steps carry, to search them like any run:
/// <c>tags.mlops.pipeline = 'penguins' AND tags.mlops.step.outcome = 'cached'</c>.
/// </summary>
public static class PipelineTags
{
    /// <summary>On an execution run: the pipeline's name.</summary>
    public const string Pipeline = "mlops.pipeline";

    /// <summary>On an execution run: the trigger's kind (<see cref="PipelineTriggerKinds"/>).</summary>
    public const string TriggerKind = "mlops.pipeline.trigger";

    /// <summary>On an execution run: the trigger's name.</summary>
    public const string TriggerName = "mlops.pipeline.trigger.name";

    /// <summary>On an execution run: the trigger's description.</summary>
    public const string TriggerDescription = "mlops.pipeline.trigger.description";

    /// <summary>On an execution run: the execution it resumed.</summary>
    public const string ResumedFrom = "mlops.pipeline.resumed_from";

    /// <summary>On an execution run: the SHA-256 of its stored input.</summary>
    public const string InputDigest = "mlops.pipeline.input_digest";

    /// <summary>On a step run: the step's name.</summary>
    public const string Step = "mlops.step";

    /// <summary>On a step run: the step's code version.</summary>
    public const string StepVersion = "mlops.step.version";

    /// <summary>On a step run: SHA-256 over the step's name, version and input digests.</summary>
    public const string CacheKey = "mlops.step.cache_key";

    /// <summary>On a step run: <c>executed</c>, <c>cached</c>, <c>reused</c>, <c>failed</c> or <c>canceled</c>.</summary>
    public const string Outcome = "mlops.step.outcome";

    /// <summary>On a cached or reused step run: the step run whose output it took.</summary>
    public const string SourceRun = "mlops.step.source_run";

    /// <summary>On a step run: how many times its code ran.</summary>
    public const string Attempts = "mlops.step.attempts";

    /// <summary>On a step run: the SHA-256 of its output artifact.</summary>
    public const string OutputDigest = "mlops.step.output_digest";
}
