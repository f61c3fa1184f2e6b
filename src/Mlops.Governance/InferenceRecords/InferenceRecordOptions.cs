namespace Mlops.Governance;

/// <summary>
/// Inference records (EU AI Act Art. 12): which predictions are recorded, what of their input is kept, how long, and the
/// bounded buffer between the prediction path and the store. Checked by <c>AddInferenceRecords</c>: a mistake fails at
/// start-up with <see cref="MlopsValidationException"/> naming the field.
/// </summary>
public sealed class InferenceRecordOptions
{
    /// <summary>The share of predictions recorded, in (0, 1]: systematic sampling, so exactly that share of each model's rows.</summary>
    /// <value>1: every prediction.</value>
    public double SampleRate { get; set; } = 1.0;

    /// <summary>The served keys or model names recorded; empty records every served model.</summary>
    /// <value>Empty: all.</value>
    public ISet<string> Models { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>What of the input is kept.</summary>
    /// <value><see cref="InferenceInputMode.Redacted"/>: the input after <see cref="DropFields"/> and <see cref="HashFields"/> (whole when both are empty).</value>
    public InferenceInputMode InputMode { get; set; } = InferenceInputMode.Redacted;

    /// <summary>Top-level input properties (as serialized, case-insensitive) removed in <see cref="InferenceInputMode.Redacted"/> mode.</summary>
    /// <value>Empty.</value>
    public ISet<string> DropFields { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Top-level input properties replaced by <c>sha256:HEX</c> of their JSON value in <see cref="InferenceInputMode.Redacted"/>
    /// mode: equal values stay comparable, the value itself is not kept.
    /// </summary>
    /// <value>Empty.</value>
    public ISet<string> HashFields { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long records are kept; the purge job deletes older ones. At least one day.</summary>
    /// <value>183 days (six months, the Art. 19/26 minimum for deployers).</value>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(183);

    /// <summary>How often the purge job runs (it also runs once at start).</summary>
    /// <value>One day.</value>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Records waiting to be written, at most. When the buffer is full a record is dropped — never waited for — and counted
    /// (<see cref="InferenceRecordStatus.Dropped"/>, counter <c>mlops.governance.inference_records.dropped</c>).
    /// </summary>
    /// <value>10,000.</value>
    public int BufferCapacity { get; set; } = 10_000;

    /// <summary>Records appended per store transaction, at most.</summary>
    /// <value>500.</value>
    public int BatchSize { get; set; } = 500;

    /// <summary>How long the writer lets a partial batch fill before writing it (a full batch is written at once).</summary>
    /// <value>200 ms.</value>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(200);
}
