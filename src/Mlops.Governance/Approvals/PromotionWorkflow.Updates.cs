using Mlops.Journal;

namespace Mlops.Governance;

internal sealed partial class PromotionWorkflow
{
    /// <summary>Enough attempts that only a pathological storm of concurrent writers on one request exhausts them.</summary>
    private const int MaxUpdateAttempts = 20;

    private bool IsStale(PromotionRequest request, DateTimeOffset now) =>
        request.Status == PromotionRequestStatus.Pending && now - request.RequestedAt > options.Value.RequestLifetime;

    /// <summary>Reads a request; one pending too long is expired (and journaled) first. Tells whether this call expired it.</summary>
    private async Task<(StoredPromotionRequest Stored, bool ExpiredNow)> ReadCurrentAsync(string requestId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await requests.GetAsync(requestId, cancellationToken).ConfigureAwait(false)
                ?? throw new MlopsNotFoundException("promotion request", requestId);
            var now = time.GetUtcNow();
            if (!IsStale(stored.Request, now))
            {
                return (stored, false);
            }

            var who = actor.CurrentActor;
            var expired = stored.Request with { Status = PromotionRequestStatus.Expired, ResolvedAt = now, ResolvedBy = who };
            try
            {
                var written = await requests.PutAsync(expired, stored.Revision, now, who,
                    Draft(JournalKinds.PromotionExpired, expired, who, now, null, ("requestedAt", expired.RequestedAt), ("lifetime", options.Value.RequestLifetime.ToString())),
                    cancellationToken).ConfigureAwait(false);
                ApprovalLog.Expired(logger, requestId, options.Value.RequestLifetime);
                return (written, true);
            }
            catch (MlopsConflictException) when (attempt < MaxUpdateAttempts)
            {
                ApprovalLog.UpdateConflict(logger, requestId, attempt);
            }
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the current request and writes it over the revision read; when another writer
    /// got there first the request is read again and the change re-applied, so no concurrent approval is lost.
    /// <paramref name="change"/> must be free of side effects (it may run several times) and throws to refuse.
    /// </summary>
    private async Task<PromotionRequest> UpdateAsync(string requestId, Func<PromotionRequest, DateTimeOffset, (PromotionRequest Request, JournalDraft Journal)> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (stored, _) = await ReadCurrentAsync(requestId, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var (updated, draft) = change(stored.Request, now);
            try
            {
                await requests.PutAsync(updated, stored.Revision, now, actor.CurrentActor, draft, cancellationToken).ConfigureAwait(false);
                return updated;
            }
            catch (MlopsConflictException) when (attempt < MaxUpdateAttempts)
            {
                ApprovalLog.UpdateConflict(logger, requestId, attempt);
            }
        }
    }

    private static MlopsConflictException NotPending(PromotionRequest request, string verb) =>
        new($"Promotion request '{request.Id}' is {request.Status}; only a pending request can be {verb}.");
}
