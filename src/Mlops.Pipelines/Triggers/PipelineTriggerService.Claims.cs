using Mlops.Journal;

namespace Mlops.Pipelines.Triggers;

internal sealed partial class PipelineTriggerService
{
    /// <summary>The tag that names, on an execution run, the unit of work (claim id) that started it.</summary>
    internal const string WorkTag = "mlops.pipeline.trigger.work";

    /// <summary>
    /// Claims a unit of work for this instance and starts its pipeline, or learns that another instance has it. The active
    /// marker goes first: should this instance die between it and the claim, the lease check still finds the work.
    /// </summary>
    private async Task<bool> FireAsync(TriggerDefinition trigger, string workId, ClaimDocument work, JournalEntry? entry, CancellationToken cancellationToken)
    {
        if (await records.GetGovernanceRecordAsync(PipelineTriggerRecordKinds.Claim, workId, cancellationToken).ConfigureAwait(false) is not null)
        {
            Report(PipelineTriggerEventType.ClaimedElsewhere, trigger.Name, workId);
            return false;
        }

        var now = time.GetUtcNow();
        var claim = work with { Instance = Instance, LeaseUntil = now + options.LeaseDuration, Status = ClaimStatus.Running };
        try
        {
            await records.PutGovernanceRecordAsync(PipelineTriggerRecordKinds.Active, workId, claim.Serialize(), 0, now, Instance, null, cancellationToken).ConfigureAwait(false);
        }
        catch (MlopsConflictException)
        {
            // Another instance marked it first; the claim below decides who runs it.
        }

        long revision;
        try
        {
            revision = (await records.PutGovernanceRecordAsync(PipelineTriggerRecordKinds.Claim, workId, claim.Serialize(), 0, now, Instance, Triggered(workId, claim, null), cancellationToken).ConfigureAwait(false)).Revision;
        }
        catch (MlopsConflictException)
        {
            TriggerLog.ClaimedElsewhere(logger, trigger.Name, workId);
            Report(PipelineTriggerEventType.ClaimedElsewhere, trigger.Name, workId);
            return false;
        }

        TriggerLog.Claimed(logger, trigger.Name, workId, trigger.PipelineName, Instance);
        Report(PipelineTriggerEventType.Claimed, trigger.Name, workId);
        StartExecution(workId, claim, revision, ToTrigger(claim, entry), resumeRunId: null, reason: null);
        return true;
    }

    /// <summary>The <c>pipeline.triggered</c> entry written with a claim (or a takeover) in the same transaction.</summary>
    private JournalDraft Triggered(string workId, ClaimDocument claim, string? takenOverFrom) => new(
        JournalKinds.PipelineTriggered,
        "pipeline/" + claim.Pipeline,
        Instance,
        time.GetUtcNow(),
        JournalPayload.Create(
            ("trigger", claim.Trigger), ("kind", claim.Kind), ("work", workId), ("tick", claim.ScheduledTime), ("entry", claim.JournalSequence),
            ("digest", claim.DatasetDigest), ("instance", Instance), ("pipeline", claim.Pipeline), ("takenOverFrom", takenOverFrom)));

    private static PipelineTrigger ToTrigger(ClaimDocument claim, JournalEntry? entry) =>
        new(claim.Kind, claim.Trigger, claim.Description)
        {
            ScheduledTime = claim.ScheduledTime,
            JournalEntry = entry,
            DatasetDigest = claim.DatasetDigest,
        };

    private void StartExecution(string workId, ClaimDocument claim, long revision, PipelineTrigger trigger, string? resumeRunId, string? reason)
    {
        var execution = Task.Run(() => RunClaimAsync(workId, claim, revision, trigger, resumeRunId, reason));
        _running[workId] = execution;
        _ = execution.ContinueWith(_ => _running.TryRemove(workId, out Task? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// Runs (or resumes) the claimed work's pipeline while renewing the lease, then records the execution run and its outcome
    /// in the claim and removes the active marker. A host stop cancels the execution and releases the lease at once; a lost
    /// lease (another instance took over) cancels it and records nothing.
    /// </summary>
    private async Task RunClaimAsync(string workId, ClaimDocument claim, long revision, PipelineTrigger trigger, string? resumeRunId, string? reason)
    {
        using var execution = CancellationTokenSource.CreateLinkedTokenSource(_executionsStop.Token);
        using var lease = new ClaimLease(claim, revision);
        using var renewal = new CancellationTokenSource();
        var renewing = RenewAsync(workId, lease, execution, renewal.Token);
        PipelineExecution? result = null;
        Exception? error = null;
        var alreadyFinished = false;
        var runOptions = new PipelineRunOptions
        {
            Trigger = trigger,
            Tags = new Dictionary<string, string>(StringComparer.Ordinal) { [WorkTag] = workId },
            ExecutionStarted = (runId, ct) => RecordRunIdAsync(workId, lease, runId, ct),
        };
        try
        {
            result = resumeRunId is null
                ? await runner.RunAsync(claim.Pipeline, runOptions, execution.Token).ConfigureAwait(false)
                : await runner.ResumeAsync(claim.Pipeline, resumeRunId, runOptions, reason ?? "resumed by a trigger", execution.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (execution.IsCancellationRequested)
        {
        }
        catch (MlopsConflictException e) when (resumeRunId is not null && !lease.Lost)
        {
            // The execution taken over had finished; its instance died before recording it. Nothing is left to run.
            alreadyFinished = true;
            error = e;
        }
        catch (Exception e)
        {
            error = e;
        }
        finally
        {
            await renewal.CancelAsync().ConfigureAwait(false);
            await renewing.ConfigureAwait(false);
        }

        if (lease.Lost)
        {
            TriggerLog.LeaseLost(logger, claim.Trigger, workId, Instance);
            Report(PipelineTriggerEventType.Released, claim.Trigger, workId, detail: "lost the claim to a takeover");
            return;
        }

        var now = time.GetUtcNow();
        var ended = result is null && error is null
            ? lease.Claim with { LeaseUntil = now } // stopped: leave it running but expired, for another instance to resume
            : lease.Claim with
            {
                Status = alreadyFinished ? ClaimStatus.Of(PipelineExecutionStatus.Succeeded) : result is null ? ClaimStatus.Error : ClaimStatus.Of(result.Status),
                RunId = result?.RunId ?? lease.Claim.RunId,
                Error = alreadyFinished ? null : error?.Message,
                LeaseUntil = now,
                EndedAt = now,
            };
        try
        {
            await records.PutGovernanceRecordAsync(PipelineTriggerRecordKinds.Claim, workId, ended.Serialize(), lease.Revision, now, Instance, null, CancellationToken.None).ConfigureAwait(false);
            if (ended.EndedAt is not null)
            {
                await RemoveActiveAsync(workId, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (MlopsConflictException)
        {
            TriggerLog.LeaseLost(logger, claim.Trigger, workId, Instance);
            Report(PipelineTriggerEventType.Released, claim.Trigger, workId, detail: "lost the claim to a takeover");
            return;
        }

        if (ended.EndedAt is null)
        {
            TriggerLog.Released(logger, claim.Trigger, workId, Instance);
            Report(PipelineTriggerEventType.Released, claim.Trigger, workId, detail: "stopped: released for another instance");
        }
        else if (result is not null)
        {
            TriggerLog.Completed(logger, claim.Trigger, workId, claim.Pipeline, result.RunId, result.Status);
            Report(PipelineTriggerEventType.Completed, claim.Trigger, workId, result.RunId, result.Status);
        }
        else
        {
            TriggerLog.ExecutionFailed(logger, claim.Trigger, workId, claim.Pipeline, error!);
            Report(PipelineTriggerEventType.Failed, claim.Trigger, workId, detail: error!.Message);
        }
    }

    /// <summary>Renews the lease every third of its duration; a conflict means another instance took the claim over.</summary>
    private async Task RenewAsync(string workId, ClaimLease lease, CancellationTokenSource execution, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(options.LeaseDuration / 3, time, cancellationToken).ConfigureAwait(false);
                try
                {
                    await lease.UpdateAsync(c => c with { LeaseUntil = time.GetUtcNow() + options.LeaseDuration }, WriteClaimAsync(workId), cancellationToken).ConfigureAwait(false);
                }
                catch (MlopsConflictException)
                {
                    lease.Lost = true;
                    await execution.CancelAsync().ConfigureAwait(false);
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A store outage: keep running and try again; the lease may run out meanwhile, and a takeover then wins.
                    TriggerLog.RoundFailed(logger, lease.Claim.Trigger, e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RemoveActiveAsync(string workId, CancellationToken cancellationToken)
    {
        var active = await records.GetGovernanceRecordAsync(PipelineTriggerRecordKinds.Active, workId, cancellationToken).ConfigureAwait(false);
        if (active is null)
        {
            return;
        }

        try
        {
            await records.DeleteGovernanceRecordAsync(PipelineTriggerRecordKinds.Active, workId, active.Revision, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MlopsConflictException or MlopsNotFoundException)
        {
            // Another instance's lease check removed it first.
        }
    }

    /// <summary>Records the execution run in the claim as soon as it exists, so that a takeover resumes it rather than starting over.</summary>
    private async Task RecordRunIdAsync(string workId, ClaimLease lease, string runId, CancellationToken cancellationToken)
    {
        try
        {
            await lease.UpdateAsync(c => c with { RunId = runId }, WriteClaimAsync(workId), cancellationToken).ConfigureAwait(false);
        }
        catch (MlopsConflictException)
        {
            lease.Lost = true;
            throw new OperationCanceledException("The trigger's claim was taken over by another instance.");
        }
    }

    private Func<ClaimDocument, long, CancellationToken, Task<long>> WriteClaimAsync(string workId) => async (claim, revision, ct) =>
        (await records.PutGovernanceRecordAsync(PipelineTriggerRecordKinds.Claim, workId, claim.Serialize(), revision, time.GetUtcNow(), Instance, null, ct).ConfigureAwait(false)).Revision;

    /// <summary>The claim as this instance last wrote it, with its revision; writes go one at a time (renewals, the run id).</summary>
    private sealed class ClaimLease(ClaimDocument claim, long revision) : IDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);

        public ClaimDocument Claim { get; private set; } = claim;

        public long Revision { get; private set; } = revision;

        public volatile bool Lost;

        public async Task UpdateAsync(Func<ClaimDocument, ClaimDocument> change, Func<ClaimDocument, long, CancellationToken, Task<long>> write, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var changed = change(Claim);
                Revision = await write(changed, Revision, cancellationToken).ConfigureAwait(false);
                Claim = changed;
            }
            finally
            {
                _gate.Release();
            }
        }

        public void Dispose() => _gate.Dispose();
    }
}
