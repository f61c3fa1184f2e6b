namespace Mlops.Pipelines.Triggers;

/// <summary>The governance record kinds triggers keep in the store (data records: no journal entry of their own).</summary>
public static class PipelineTriggerRecordKinds
{
    /// <summary>
    /// One claimed unit of work, kept after it ended (id: <c>schedule/{name}/{tick UTC}</c>, <c>journal/{name}/{sequence}</c>
    /// or <c>dataset/{name}/{sha256}</c>): which instance holds it, its lease, the execution run and its outcome.
    /// </summary>
    public const string Claim = "pipeline-trigger-claim";

    /// <summary>A unit of work that is due or running (same id as its claim); deleted once it ended. Instances scan it for expired leases.</summary>
    public const string Active = "pipeline-trigger-active";

    /// <summary>How far a journal trigger has read the journal (id: the trigger's name).</summary>
    public const string Position = "pipeline-trigger-position";
}
