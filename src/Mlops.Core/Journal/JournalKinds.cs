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

    /// <summary>Promotion guards refused an alias move (payload: alias, current and target version, every unmet requirement).</summary>
    public const string ModelAliasDenied = "model.alias.denied";

    /// <summary>A promotion was requested (payload: request id, model, alias, version, comment).</summary>
    public const string PromotionRequested = "promotion.requested";

    /// <summary>An approver approved a promotion request (payload: request id, approvals so far, required, comment).</summary>
    public const string PromotionApproved = "promotion.approved";

    /// <summary>An approval was refused: the version's author tried to approve it (payload: request id, approver, reason).</summary>
    public const string PromotionApprovalDenied = "promotion.approval.denied";

    /// <summary>An approver rejected a promotion request.</summary>
    public const string PromotionRejected = "promotion.rejected";

    /// <summary>A pending promotion request expired unanswered.</summary>
    public const string PromotionExpired = "promotion.expired";

    /// <summary>An approved promotion request moved its alias (or failed to: payload has the outcome).</summary>
    public const string PromotionExecuted = "promotion.executed";

    /// <summary>A permission was granted or changed (payload: principal, resource, level).</summary>
    public const string PermissionGranted = "permission.granted";

    /// <summary>A permission was revoked.</summary>
    public const string PermissionRevoked = "permission.revoked";

    /// <summary>An actor was refused an operation for lack of permission.</summary>
    public const string PermissionDenied = "permission.denied";

    /// <summary>A model's serving was disabled by the kill switch (payload: reason, actor).</summary>
    public const string ModelServingDisabled = "model.serving.disabled";

    /// <summary>A model's serving was enabled again.</summary>
    public const string ModelServingEnabled = "model.serving.enabled";

    /// <summary>A person overrode a model's output (payload: version, trace, original and overriding output, reason).</summary>
    public const string ModelOutputOverridden = "model.output.overridden";

    /// <summary>The written fields of a model card were edited.</summary>
    public const string ModelCardEdited = "model.card.edited";

    /// <summary>An audit bundle was exported (payload: entries, head sequence and hash, exporter).</summary>
    public const string AuditExported = "audit.exported";

    /// <summary>Inference records older than the retention were purged (payload: cutoff, count).</summary>
    public const string InferenceRecordsPurged = "inference.records.purged";

    /// <summary>A trigger claimed a piece of work for one instance of the fleet and started a pipeline (payload: trigger, kind, tick or entry, instance, pipeline).</summary>
    public const string PipelineTriggered = "pipeline.triggered";

    /// <summary>A webhook kept failing and was disabled (payload: webhook, consecutive failures, last error).</summary>
    public const string WebhookDisabled = "webhook.disabled";

    /// <summary>A disabled webhook was enabled again (payload: webhook, actor).</summary>
    public const string WebhookEnabled = "webhook.enabled";
}
