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

    /// <summary>A registered model was created.</summary>
    public const string ModelCreated = "model.created";

    /// <summary>A registered model was renamed (payload: old and new name).</summary>
    public const string ModelRenamed = "model.renamed";

    /// <summary>A model version was registered.</summary>
    public const string ModelVersionRegistered = "model.version.registered";

    /// <summary>A model version's status changed (archived or restored).</summary>
    public const string ModelVersionStatusChanged = "model.version.status";

    /// <summary>A model version was deleted.</summary>
    public const string ModelVersionDeleted = "model.version.deleted";

    /// <summary>An alias was set or moved (payload: alias, old version, new version, reason).</summary>
    public const string ModelAliasSet = "model.alias.set";

    /// <summary>A validation report was attached to a model version (payload: report digest, verdict, failed checks).</summary>
    public const string ModelVersionValidated = "model.version.validated";

    /// <summary>An alias was deleted (payload: alias, old version, reason).</summary>
    public const string ModelAliasDeleted = "model.alias.deleted";

    /// <summary>A serving instance published a new model generation (payload: key, variant, alias, old and new version, instance, cause sequence).</summary>
    public const string ServingSwapped = "serving.swapped";

    /// <summary>Online drift of a served version crossed its threshold (payload: key, version, drifted features and scores, instance).</summary>
    public const string ServingDriftDetected = "serving.drift.detected";

    /// <summary>Online drift of a served version fell back under its threshold.</summary>
    public const string ServingDriftCleared = "serving.drift.cleared";
}
