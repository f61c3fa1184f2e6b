using Mlops.Tracking;

namespace Mlops.Storage.Relational;

/// <summary>Maps <see cref="RunStatus"/> to and from the text stored in the <c>status</c> column.</summary>
internal static class RunStatusText
{
    public static string ToText(RunStatus status) => status switch
    {
        RunStatus.Running => "RUNNING",
        RunStatus.Finished => "FINISHED",
        RunStatus.Failed => "FAILED",
        RunStatus.Killed => "KILLED",
        _ => throw new MlopsValidationException("status", status.ToString(), "the status must be RUNNING, FINISHED, FAILED or KILLED."),
    };

    public static RunStatus Parse(string text) => text switch
    {
        "RUNNING" => RunStatus.Running,
        "FINISHED" => RunStatus.Finished,
        "FAILED" => RunStatus.Failed,
        "KILLED" => RunStatus.Killed,
        _ => throw new MlopsStorageException($"The stored run status '{text}' is not one of RUNNING, FINISHED, FAILED, KILLED."),
    };
}
