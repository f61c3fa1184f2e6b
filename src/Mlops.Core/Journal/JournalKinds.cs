namespace Mlops.Journal;

/// <summary>The entry kinds Mlops.Sdk writes. Kinds are dotted lowercase: <c>subject.verb</c>.</summary>
public static class JournalKinds
{
    /// <summary>An experiment was created.</summary>
    public const string ExperimentCreated = "experiment.created";

    /// <summary>A run was started.</summary>
    public const string RunCreated = "run.created";

    /// <summary>A run ended (finished, failed or killed).</summary>
    public const string RunEnded = "run.ended";
}
