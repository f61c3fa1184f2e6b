namespace Mlops.Search;

/// <summary>The run attributes a filter may name after <c>attributes.</c> (or bare, for the unambiguous ones).</summary>
public static class RunAttributes
{
    /// <summary>The run identifier (string).</summary>
    public const string RunId = "run_id";

    /// <summary>The run name (string).</summary>
    public const string RunName = "run_name";

    /// <summary>The status: RUNNING, FINISHED, FAILED, KILLED (string, case-insensitive).</summary>
    public const string Status = "status";

    /// <summary>The start time in Unix milliseconds (number).</summary>
    public const string StartTime = "start_time";

    /// <summary>The end time in Unix milliseconds (number; null while running).</summary>
    public const string EndTime = "end_time";

    /// <summary>The user who started the run (string).</summary>
    public const string User = "user";

    /// <summary>The experiment identifier (string).</summary>
    public const string ExperimentId = "experiment_id";

    /// <summary>The parent run identifier (string).</summary>
    public const string ParentRunId = "parent_run_id";

    /// <summary>Every attribute name, in a stable order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [RunId, RunName, Status, StartTime, EndTime, User, ExperimentId, ParentRunId];

    /// <summary>Tells whether the attribute compares as a number (Unix milliseconds) rather than as a string.</summary>
    public static bool IsNumeric(string attribute) => attribute is StartTime or EndTime;
}
