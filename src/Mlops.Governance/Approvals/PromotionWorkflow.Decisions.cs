using Mlops.Journal;

namespace Mlops.Governance;

internal sealed partial class PromotionWorkflow
{
    public async Task<PromotionRequest> ApproveAsync(string requestId, string? comment = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        ValidateComment(comment);
        var (current, _) = await ReadCurrentAsync(requestId, cancellationToken).ConfigureAwait(false);
        var request = current.Request;
        await access.DemandAsync(ResourceKind.RegisteredModel, request.ModelName, PermissionLevel.Manage, cancellationToken).ConfigureAwait(false);

        // The author is read from the registry, not the request document, so a tampered document cannot lift the rule.
        var target = await registry.GetVersionAsync(request.ModelName, request.Version, cancellationToken).ConfigureAwait(false);
        var author = await VersionAuthors.GetAsync(registry, target, cancellationToken).ConfigureAwait(false);
        var who = actor.CurrentActor;
        if (author.Contains(who, StringComparer.Ordinal))
        {
            var role = string.Equals(who, target.CreatedBy, StringComparison.Ordinal) ? "the author" : "who ran the training";
            var reason = $"'{who}' is {role} of version {request.Version} of '{request.ModelName}' and cannot approve its promotion to '{request.Alias}' (separation of duties: an approval must come from another actor).";
            var now = time.GetUtcNow();
            await journal.AppendJournalAsync(Draft(JournalKinds.PromotionApprovalDenied, request, who, now, comment, ("approver", who), ("reason", reason)), cancellationToken).ConfigureAwait(false);
            ApprovalLog.AuthorRefused(logger, who, requestId);
            throw new MlopsPolicyDeniedException($"Approving promotion request '{requestId}'", [reason]);
        }

        var approved = await UpdateAsync(requestId, (r, now) =>
        {
            if (r.Status != PromotionRequestStatus.Pending)
            {
                throw NotPending(r, "approved");
            }

            if (r.Approvals.Any(a => string.Equals(a.Approver, who, StringComparison.Ordinal)))
            {
                throw new MlopsConflictException($"'{who}' already approved promotion request '{r.Id}'; each approver counts once.");
            }

            var approvals = r.Approvals.Append(new PromotionApproval(who, now, comment)).ToArray();
            var counted = PromotionApprovals.Count(approvals.Select(a => a.Approver), author);
            var required = policies.RequiredApprovals(r.ModelName, r.Alias);
            var done = counted >= required;
            var updated = r with
            {
                Approvals = approvals,
                RequiredApprovals = required,
                Status = done ? PromotionRequestStatus.Approved : PromotionRequestStatus.Pending,
                ResolvedAt = done ? now : null,
                ResolvedBy = done ? who : null,
            };
            return (updated, Draft(JournalKinds.PromotionApproved, updated, who, now, comment, ("approver", who), ("approvals", counted), ("required", required)));
        }, cancellationToken).ConfigureAwait(false);
        ApprovalLog.Approved(logger, who, requestId, PromotionApprovals.Count(approved.Approvals.Select(a => a.Approver), author), approved.RequiredApprovals, approved.Status);

        // Only the approval that moved the request out of pending gets here with Approved: it executes, once.
        return approved.Status == PromotionRequestStatus.Approved
            ? await ExecuteCoreAsync(approved, cancellationToken).ConfigureAwait(false)
            : approved;
    }

    public async Task<PromotionRequest> RejectAsync(string requestId, string? comment = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        ValidateComment(comment);
        var (current, _) = await ReadCurrentAsync(requestId, cancellationToken).ConfigureAwait(false);
        await access.DemandAsync(ResourceKind.RegisteredModel, current.Request.ModelName, PermissionLevel.Manage, cancellationToken).ConfigureAwait(false);
        var who = actor.CurrentActor;
        var rejected = await UpdateAsync(requestId, (r, now) =>
        {
            if (r.Status != PromotionRequestStatus.Pending)
            {
                throw NotPending(r, "rejected");
            }

            var updated = r with { Status = PromotionRequestStatus.Rejected, ResolvedAt = now, ResolvedBy = who, ResolutionComment = comment };
            return (updated, Draft(JournalKinds.PromotionRejected, updated, who, now, comment, ("rejectedBy", who)));
        }, cancellationToken).ConfigureAwait(false);
        ApprovalLog.Rejected(logger, who, requestId);
        return rejected;
    }
}
