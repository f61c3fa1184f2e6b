using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Journal;

namespace Mlops.Pipelines.Webhooks;

/// <summary>
/// Changes a webhook's shared state with optimistic concurrency (read, change, write at the revision read; again on a
/// conflict). Failure counting is a data write; enabling and disabling are journaled in the same transaction.
/// </summary>
internal sealed class WebhookStateKeeper(
    WebhookRecordStore records, IOptionsMonitor<WebhookOptions> options, IActorAccessor actor, TimeProvider time, ILogger<WebhookStateKeeper> logger)
{
    /// <summary>Counts a failed delivery (disabling the webhook at the limit) or resets the count after a success.</summary>
    public Task RecordOutcomeAsync(string webhook, string deliveryId, WebhookSendResult result, CancellationToken cancellationToken) =>
        ChangeAsync(webhook, state =>
        {
            if (result.Succeeded)
            {
                return state.ConsecutiveFailures == 0 && state.LastError is null ? null : (state with { ConsecutiveFailures = 0, LastError = null }, null);
            }

            var failures = state.ConsecutiveFailures + 1;
            var failed = state with { ConsecutiveFailures = failures, LastError = result.LastError };
            var limit = options.Get(webhook).DisableAfterFailures;
            if (!state.Enabled || failures < limit)
            {
                return (failed, null);
            }

            var reason = $"{failures} consecutive failed deliveries (the limit is {limit}); the last, {deliveryId}, got: {result.LastError}";
            var now = time.GetUtcNow();
            WebhookLog.Disabled(logger, webhook, failures);
            return (failed with { Enabled = false, DisabledAt = now, DisabledReason = reason },
                new JournalDraft(Mlops.Journal.JournalKinds.WebhookDisabled, WebhookRegistration.SubjectOf(webhook), actor.CurrentActor, now,
                    JournalPayload.Create(("webhook", webhook), ("consecutiveFailures", failures), ("lastError", result.LastError), ("lastDelivery", deliveryId), ("reason", reason))));
        }, cancellationToken);

    public Task EnableAsync(string webhook, CancellationToken cancellationToken) =>
        ChangeAsync(webhook, state =>
        {
            if (state.Enabled)
            {
                return null;
            }

            var who = actor.CurrentActor;
            return (new WebhookStateDocument(), new JournalDraft(Mlops.Journal.JournalKinds.WebhookEnabled, WebhookRegistration.SubjectOf(webhook), who, time.GetUtcNow(),
                JournalPayload.Create(("webhook", webhook), ("actor", who), ("previousFailures", state.ConsecutiveFailures))));
        }, cancellationToken);

    public Task DisableAsync(string webhook, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(webhook, state =>
        {
            if (!state.Enabled)
            {
                return null;
            }

            var who = actor.CurrentActor;
            var now = time.GetUtcNow();
            return (state with { Enabled = false, DisabledAt = now, DisabledReason = reason }, new JournalDraft(Mlops.Journal.JournalKinds.WebhookDisabled, WebhookRegistration.SubjectOf(webhook), who, now,
                JournalPayload.Create(("webhook", webhook), ("consecutiveFailures", state.ConsecutiveFailures), ("lastError", state.LastError), ("reason", reason), ("actor", who))));
        }, cancellationToken);

    /// <summary>Applies <paramref name="change"/> (null: nothing to write) until it lands on the revision it read.</summary>
    private async Task ChangeAsync(string webhook, Func<WebhookStateDocument, (WebhookStateDocument State, JournalDraft? Journal)?> change, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await records.GetStateAsync(webhook, cancellationToken).ConfigureAwait(false);
            if (change(current.Value) is not { } next)
            {
                return;
            }

            try
            {
                await records.PutStateAsync(webhook, next.State, current.Revision, time.GetUtcNow(), next.Journal?.Actor ?? actor.CurrentActor, next.Journal, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (MlopsConflictException)
            {
                // Changed meanwhile (another instance, or an operator): apply the change to what is there now.
            }
        }
    }
}
