using System.Text.Json;

namespace Mlops.Pipelines.Triggers;

/// <summary>
/// The JSON of a claim (<see cref="PipelineTriggerRecordKinds.Claim"/>) and of its active marker
/// (<see cref="PipelineTriggerRecordKinds.Active"/>): the unit of work, who holds it until when, and how it ended.
/// </summary>
internal sealed record ClaimDocument
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public required string Trigger { get; init; }

    public required string Kind { get; init; }

    public required string Pipeline { get; init; }

    public required string Description { get; init; }

    public DateTimeOffset? ScheduledTime { get; init; }

    public long? JournalSequence { get; init; }

    public string? DatasetDigest { get; init; }

    public required string Instance { get; init; }

    public required DateTimeOffset LeaseUntil { get; init; }

    /// <summary><see cref="ClaimStatus"/>: running until it ended.</summary>
    public required string Status { get; init; }

    public string? RunId { get; init; }

    public string? Error { get; init; }

    /// <summary>The instances that held the claim before a takeover, oldest first.</summary>
    public IReadOnlyList<string> PreviousInstances { get; init; } = [];

    public DateTimeOffset? EndedAt { get; init; }

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static ClaimDocument Parse(string json) =>
        JsonSerializer.Deserialize<ClaimDocument>(json, Json) ?? throw new InvalidOperationException("A trigger claim record holds no document.");
}

/// <summary>Values of <see cref="ClaimDocument.Status"/>.</summary>
internal static class ClaimStatus
{
    public const string Running = "running";

    public static string Of(PipelineExecutionStatus status) => status switch
    {
        PipelineExecutionStatus.Succeeded => "succeeded",
        PipelineExecutionStatus.Failed => "failed",
        _ => "canceled",
    };

    /// <summary>The execution threw, or the pipeline could not be started.</summary>
    public const string Error = "error";
}
