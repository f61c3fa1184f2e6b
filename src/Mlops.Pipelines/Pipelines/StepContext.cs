using Microsoft.Extensions.Logging;
using Mlops.Tracking;

namespace Mlops.Pipelines;

/// <summary>What a running step can see: its nested run, a logger captured into the run, the attempt, the trigger.</summary>
public sealed class StepContext
{
    internal StepContext(RunScope run, ILogger logger, int attempt, string executionRunId, PipelineTrigger trigger, IServiceProvider services, CancellationToken cancellationToken)
    {
        Run = run;
        Logger = logger;
        Attempt = attempt;
        ExecutionRunId = executionRunId;
        Trigger = trigger;
        Services = services;
        CancellationToken = cancellationToken;
    }

    /// <summary>The step's nested run: log params, metrics, datasets and extra artifacts here.</summary>
    public RunScope Run { get; }

    /// <summary>Writes to the application's logs and to the step run's <c>logs/step.log</c> artifact.</summary>
    public ILogger Logger { get; }

    /// <summary>1 for the first attempt, 2 for the first retry, and so on.</summary>
    public int Attempt { get; }

    /// <summary>The pipeline execution's run.</summary>
    public string ExecutionRunId { get; }

    /// <summary>What started the execution.</summary>
    public PipelineTrigger Trigger { get; }

    /// <summary>The application's services.</summary>
    public IServiceProvider Services { get; }

    /// <summary>Cancelled when the execution is cancelled or this attempt timed out.</summary>
    public CancellationToken CancellationToken { get; }
}
