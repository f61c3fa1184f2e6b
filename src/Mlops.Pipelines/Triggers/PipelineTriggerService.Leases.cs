using Mlops.Governance;

namespace Mlops.Pipelines.Triggers;

internal sealed partial class PipelineTriggerService
{
    /// <summary>Every third of a lease, looks for work whose instance died (its lease ran out) and takes it over.</summary>
    private async Task LeaseLoopAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            await WaitAsync(options.LeaseDuration / 3, Event(PipelineTriggerEventType.Waiting, null, null), stoppingToken).ConfigureAwait(false);
            await GuardAsync(null, CheckLeasesAsync, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task CheckLeasesAsync(CancellationToken cancellationToken)
    {
        var active = await records.ListGovernanceRecordsAsync(PipelineTriggerRecordKinds.Active, null, cancellationToken).ConfigureAwait(false);
        foreach (var marker in active)
        {
            if (_running.ContainsKey(marker.Id))
            {
                continue;
            }

            var claim = await records.GetGovernanceRecordAsync(PipelineTriggerRecordKinds.Claim, marker.Id, cancellationToken).ConfigureAwait(false);
            await CheckAsync(marker, claim, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CheckAsync(GovernanceRecord marker, GovernanceRecord? record, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (record is null)
        {
            // Marked but never claimed: the instance that marked it died in between. Claim it once the marker is a lease old.
            if (marker.UpdatedAt + options.LeaseDuration <= now)
            {
                var work = ClaimDocument.Parse(marker.Json);
                var trigger = _triggers.FirstOrDefault(t => t.Name == work.Trigger);
                if (trigger is not null)
                {
                    await FireAsync(trigger, marker.Id, work, await EntryAsync(work, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                }
            }

            return;
        }

        var claim = ClaimDocument.Parse(record.Json);
        if (claim.Status != ClaimStatus.Running)
        {
            // Ended, but its instance stopped before removing the marker.
            await RemoveActiveAsync(marker.Id, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (claim.LeaseUntil > now)
        {
            return;
        }

        var taken = claim with
        {
            Instance = Instance,
            LeaseUntil = now + options.LeaseDuration,
            PreviousInstances = [.. claim.PreviousInstances, claim.Instance],
        };
        long revision;
        try
        {
            revision = (await records.PutGovernanceRecordAsync(PipelineTriggerRecordKinds.Claim, marker.Id, taken.Serialize(), record.Revision, now, Instance, Triggered(marker.Id, taken, claim.Instance), cancellationToken).ConfigureAwait(false)).Revision;
        }
        catch (MlopsConflictException)
        {
            return; // another instance took it over first, or its holder renewed just in time
        }

        var reason = $"the lease of instance '{claim.Instance}' ran out at {claim.LeaseUntil:O}; taken over by '{Instance}'";
        TriggerLog.TakenOver(logger, claim.Trigger, marker.Id, claim.Instance, Instance, claim.RunId);
        Report(PipelineTriggerEventType.TakenOver, claim.Trigger, marker.Id, claim.RunId, detail: reason);
        StartExecution(marker.Id, taken, revision, ToTrigger(taken, await EntryAsync(taken, cancellationToken).ConfigureAwait(false)), claim.RunId, reason);
    }

    private async Task<Mlops.Journal.JournalEntry?> EntryAsync(ClaimDocument claim, CancellationToken cancellationToken) =>
        claim.JournalSequence is { } sequence
            ? await ReadEntryAsync(sequence, cancellationToken).ConfigureAwait(false)
            : null;

    private async Task<Mlops.Journal.JournalEntry?> ReadEntryAsync(long sequence, CancellationToken cancellationToken)
    {
        var entries = await journal.ReadJournalAsync(sequence, 1, cancellationToken).ConfigureAwait(false);
        return entries.Count == 0 ? null : entries[0];
    }
}
