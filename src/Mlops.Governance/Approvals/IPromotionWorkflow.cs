namespace Mlops.Governance;

/// <summary>
/// The promotion approval workflow: request → pending → approved (the promotion executes at once) or rejected; stale
/// requests expire. Approvals are bound to one version and follow separation of duties: the version's author cannot
/// approve, and each approver counts once. Every step is journaled with the current actor. Registered by <c>AddGovernance</c>.
/// </summary>
public interface IPromotionWorkflow
{
    /// <summary>
    /// Asks for <paramref name="alias"/> of <paramref name="modelName"/> to point at <paramref name="version"/>; the request is
    /// pending. <see cref="MlopsNotFoundException"/> for an unknown version, <see cref="MlopsConflictException"/> when the same
    /// promotion is already pending, <see cref="MlopsValidationException"/> for bad input (comment over 5000 characters).
    /// </summary>
    Task<PromotionRequest> RequestAsync(string modelName, string alias, int version, string? comment = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Approves a pending request as the current actor. The version's author is refused with
    /// <see cref="MlopsPolicyDeniedException"/> (and the refusal is journaled); a second approval by the same actor is a
    /// <see cref="MlopsConflictException"/>. When the approvals reach the request's required count the request is approved
    /// and the alias moves at once through the registry (and its guards); a failed move is recorded in
    /// <see cref="PromotionRequest.Execution"/>, not thrown, and <see cref="ExecuteAsync"/> retries it.
    /// </summary>
    Task<PromotionRequest> ApproveAsync(string requestId, string? comment = null, CancellationToken cancellationToken = default);

    /// <summary>Rejects a pending request as the current actor; <see cref="MlopsConflictException"/> when it is no longer pending.</summary>
    Task<PromotionRequest> RejectAsync(string requestId, string? comment = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the alias of an approved request whose earlier attempt failed (a request that already executed is returned
    /// unchanged); the outcome is recorded in <see cref="PromotionRequest.Execution"/>. <see cref="MlopsConflictException"/>
    /// when the request is not approved.
    /// </summary>
    Task<PromotionRequest> ExecuteAsync(string requestId, CancellationToken cancellationToken = default);

    /// <summary>A request (expired first if it has been pending too long); <see cref="MlopsNotFoundException"/> if absent.</summary>
    Task<PromotionRequest> GetAsync(string requestId, CancellationToken cancellationToken = default);

    /// <summary>Requests, optionally of one model and one status, oldest first (stale pending ones are expired first).</summary>
    Task<IReadOnlyList<PromotionRequest>> ListAsync(string? modelName = null, PromotionRequestStatus? status = null, CancellationToken cancellationToken = default);

    /// <summary>Expires every request pending longer than <see cref="ApprovalOptions.RequestLifetime"/> and returns those this call expired.</summary>
    Task<IReadOnlyList<PromotionRequest>> ExpireStaleAsync(CancellationToken cancellationToken = default);
}
