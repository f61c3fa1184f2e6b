namespace Mlops.Tracking;

/// <summary>The lifecycle state of a run. A run starts <see cref="Running"/> and ends exactly once in one of the others.</summary>
public enum RunStatus
{
    /// <summary>The run is in progress.</summary>
    Running = 0,

    /// <summary>The run ended normally.</summary>
    Finished = 1,

    /// <summary>The run ended with an error, which is recorded with it.</summary>
    Failed = 2,

    /// <summary>The run was stopped from outside (cancelled, process stopped).</summary>
    Killed = 3,
}
