namespace Mlops.Governance;

/// <summary>
/// One recorded prediction (EU AI Act Art. 12 logging): when, which model version (and its digest), the input or only its
/// hash after redaction, the output, and the trace it belonged to.
/// </summary>
/// <param name="Sequence">Assigned by the store on append (ascending); 0 before.</param>
/// <param name="Timestamp">When the prediction was made.</param>
/// <param name="ModelName">The registered model.</param>
/// <param name="Version">The version that answered.</param>
/// <param name="ModelDigest">SHA-256 of that version's model file.</param>
/// <param name="Variant">The serving variant (primary, canary).</param>
/// <param name="Input">The input as JSON after redaction, or <see langword="null"/> when only its hash is kept.</param>
/// <param name="InputHash">SHA-256 of the full input JSON (before redaction), so a disputed input can be matched.</param>
/// <param name="Output">The output as JSON.</param>
/// <param name="TraceId">The W3C trace id of the prediction's activity, when there was one.</param>
public sealed record InferenceRecord(
    long Sequence,
    DateTimeOffset Timestamp,
    string ModelName,
    int Version,
    string ModelDigest,
    string Variant,
    string? Input,
    string InputHash,
    string Output,
    string? TraceId);

/// <summary>Which inference records to read, in sequence order.</summary>
public sealed record InferenceRecordQuery
{
    /// <summary>Only this model.</summary>
    public string? ModelName { get; init; }

    /// <summary>Only this version (with <see cref="ModelName"/>).</summary>
    public int? Version { get; init; }

    /// <summary>Only records at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only records before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only records with a greater sequence (paging).</summary>
    public long AfterSequence { get; init; }

    /// <summary>At most this many (1–10,000).</summary>
    public int MaxResults { get; init; } = 1000;
}
