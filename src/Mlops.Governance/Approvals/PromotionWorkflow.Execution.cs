using Mlops.Journal;

namespace Mlops.Governance;

internal sealed partial class PromotionWorkflow
{
    public async Task<PromotionRequest> ExecuteAsync(string requestId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        var request = (await ReadCurrentAsync(requestId, cancellationToken).ConfigureAwait(false)).Stored.Request;

        // Executing writes to the request and the journal whatever the outcome: it needs what moving the alias needs.
        await access.DemandAsync(ResourceKind.RegisteredModel, request.ModelName, PermissionLevel.Manage, cancellationToken).ConfigureAwait(false);
        if (request.Status != PromotionRequestStatus.Approved)
        {
            throw new MlopsConflictException($"Promotion request '{request.Id}' is {request.Status}; only an approved request can be executed.");
        }

        return request.Execution is { Succeeded: true }
            ? request
            : await ExecuteCoreAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Moves the alias through the registry (so every guard runs again) and records the outcome either way.</summary>
    private async Task<PromotionRequest> ExecuteCoreAsync(PromotionRequest request, CancellationToken cancellationToken)
    {
        var approvers = string.Join(", ", request.Approvals.Select(a => a.Approver));
        var reason = $"Promotion request {request.Id} approved by {approvers}.";
        string? error = null;
        try
        {
            await registry.SetAliasAsync(request.ModelName, request.Alias, request.Version, reason, cancellationToken).ConfigureAwait(false);
        }
        catch (MlopsException e)
        {
            // The request stays approved: the failure is recorded and ExecuteAsync retries once the cause is fixed.
            error = e.Message;
        }

        var who = actor.CurrentActor;
        var executed = await UpdateAsync(request.Id, (r, now) =>
        {
            var execution = new PromotionExecution(now, who, error is null, error, (r.Execution?.Attempts ?? 0) + 1);
            var updated = r with { Execution = execution };
            return (updated, Draft(JournalKinds.PromotionExecuted, updated, who, now, reason,
                ("outcome", error is null ? "succeeded" : "failed"), ("error", error), ("attempt", execution.Attempts)));
        }, cancellationToken).ConfigureAwait(false);

        if (error is null)
        {
            ApprovalLog.Executed(logger, request.Id, request.Alias, request.ModelName, request.Version);
        }
        else
        {
            ApprovalLog.ExecutionFailed(logger, request.Id, error);
        }

        return executed;
    }
}
