using System.Globalization;
using System.Text.Json;
using Mlops.Journal;

namespace Mlops.Pipelines.Triggers;

internal sealed partial class PipelineTriggerService
{
    private const int JournalPageSize = 500;

    /// <summary>
    /// Follows the journal from the trigger's stored position (the journal head the first time the trigger ever runs) and
    /// fires on each matching entry. The position is stored after the claims of what was read, so entries journaled while
    /// every instance was down still fire after a restart, and the claims keep each entry to one execution.
    /// </summary>
    private async Task JournalLoopAsync(JournalTriggerDefinition trigger, CancellationToken stoppingToken)
    {
        long position = -1;
        while (position < 0)
        {
            await GuardAsync(trigger.Name, async ct => position = await LoadPositionAsync(trigger, ct).ConfigureAwait(false), stoppingToken).ConfigureAwait(false);
            if (position < 0)
            {
                await Task.Delay(options.JournalPollInterval, time, stoppingToken).ConfigureAwait(false);
            }
        }

        while (true)
        {
            await GuardAsync(trigger.Name, async ct => position = await ReadEntriesAsync(trigger, position, ct).ConfigureAwait(false), stoppingToken).ConfigureAwait(false);
            var waiting = Event(PipelineTriggerEventType.Waiting, trigger.Name, null) with { Position = position };
            if (notifier is null)
            {
                await WaitAsync(options.JournalPollInterval, waiting, stoppingToken).ConfigureAwait(false);
            }
            else
            {
                var wait = notifier.WaitForChangeAsync(position, options.JournalPollInterval, stoppingToken).AsTask();
                monitor.Report(waiting);
                try
                {
                    await wait.ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A broken notifier: fall back to a plain poll interval so that the loop never spins.
                    TriggerLog.RoundFailed(logger, trigger.Name, e);
                    await Task.Delay(options.JournalPollInterval, time, stoppingToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Reads and fires everything after <paramref name="position"/>, then stores the new position; returns it.</summary>
    private async Task<long> ReadEntriesAsync(JournalTriggerDefinition trigger, long position, CancellationToken cancellationToken)
    {
        var start = position;
        while (true)
        {
            var entries = await journal.ReadJournalAsync(position + 1, JournalPageSize, cancellationToken).ConfigureAwait(false);
            foreach (var entry in entries)
            {
                if (trigger.Kinds.Contains(entry.Kind) && Matches(trigger, entry))
                {
                    var work = new ClaimDocument
                    {
                        Trigger = trigger.Name,
                        Kind = trigger.Kind,
                        Pipeline = trigger.PipelineName,
                        Description = string.Create(CultureInfo.InvariantCulture, $"{entry.Kind} #{entry.Sequence} {entry.Subject}"),
                        JournalSequence = entry.Sequence,
                        Instance = Instance,
                        LeaseUntil = entry.Timestamp,
                        Status = ClaimStatus.Running,
                    };
                    await FireAsync(trigger, string.Create(CultureInfo.InvariantCulture, $"journal/{trigger.Name}/{entry.Sequence}"), work, entry, cancellationToken).ConfigureAwait(false);
                }

                position = entry.Sequence;
            }

            if (entries.Count < JournalPageSize)
            {
                break;
            }
        }

        if (position != start)
        {
            await StorePositionAsync(trigger, position, cancellationToken).ConfigureAwait(false);
        }

        return position;
    }

    private bool Matches(JournalTriggerDefinition trigger, JournalEntry entry)
    {
        try
        {
            return trigger.Predicate(entry);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            TriggerLog.PredicateFailed(logger, trigger.Name, entry.Sequence, e);
            return false;
        }
    }

    private async Task<long> LoadPositionAsync(JournalTriggerDefinition trigger, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await records.GetGovernanceRecordAsync(PipelineTriggerRecordKinds.Position, trigger.Name, cancellationToken).ConfigureAwait(false) is { } stored)
            {
                return ReadPosition(stored.Json);
            }

            // First run of this trigger anywhere: start at the head; earlier entries are history, not events to react to.
            var head = (await journal.GetJournalHeadAsync(cancellationToken).ConfigureAwait(false))?.Sequence ?? 0;
            try
            {
                await records.PutGovernanceRecordAsync(PipelineTriggerRecordKinds.Position, trigger.Name, PositionJson(head), 0, time.GetUtcNow(), Instance, null, cancellationToken).ConfigureAwait(false);
                return head;
            }
            catch (MlopsConflictException)
            {
                // Another instance stored it first: read theirs.
            }
        }
    }

    /// <summary>Moves the fleet's stored position forward (never back: another instance may have read further).</summary>
    private async Task StorePositionAsync(JournalTriggerDefinition trigger, long position, CancellationToken cancellationToken)
    {
        while (true)
        {
            var stored = await records.GetGovernanceRecordAsync(PipelineTriggerRecordKinds.Position, trigger.Name, cancellationToken).ConfigureAwait(false);
            if (stored is not null && ReadPosition(stored.Json) >= position)
            {
                return;
            }

            try
            {
                await records.PutGovernanceRecordAsync(PipelineTriggerRecordKinds.Position, trigger.Name, PositionJson(position), stored?.Revision ?? 0, time.GetUtcNow(), Instance, null, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (MlopsConflictException)
            {
                // Moved meanwhile: read it again.
            }
        }
    }

    private static string PositionJson(long sequence) => JournalPayload.Create(("sequence", sequence));

    private static long ReadPosition(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("sequence").GetInt64();
    }
}
