using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Mlops.Serving.Telemetry;

/// <summary>Serving's instruments on the <c>Mlops</c> meter and its activity names.</summary>
internal sealed class ServingTelemetry
{
    public const string PredictActivity = "mlops.serving.predict";
    public const string SwapActivity = "mlops.serving.swap";
    public const string SwapResult = "mlops.serving.swap.result";
    public const string ErrorType = "error.type";
    public const string InputField = "mlops.serving.input.field";
    public const string InputIssueKind = "mlops.serving.input.issue";
    public const string ShadowAgreement = "mlops.serving.shadow.agreement";
    public const string DriftFeature = "mlops.serving.drift.feature";
    public const string DriftTest = "mlops.serving.drift.test";

    // Predictions take microseconds to tens of milliseconds: buckets from 5 µs to 10 s (OTel's default starts at 5 s).
    private static readonly double[] DurationBuckets =
        [0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Dictionary<string, PredictionCounter> _counters = new(StringComparer.Ordinal);

    public ServingTelemetry(MlopsInstrumentation instrumentation)
    {
        var meter = instrumentation.Meter;
        Meter = meter;
        Duration = meter.CreateHistogram(
            "mlops.serving.prediction.duration",
            unit: "s",
            description: "Duration of served predictions (one row, or one batch).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        meter.CreateObservableCounter("mlops.serving.predictions", ObservePredictions, unit: "{prediction}", description: "Rows predicted by served models.");
        Errors = meter.CreateCounter<long>("mlops.serving.errors", unit: "{error}", description: "Predictions that threw (including rows rejected by input checks).");
        Swaps = meter.CreateCounter<long>("mlops.serving.model.swaps", unit: "{swap}", description: "Model generation swaps, by result (published or failed).");
        InputIssues = meter.CreateCounter<long>("mlops.serving.input.issues", unit: "{issue}", description: "Input values that failed the serve-time checks, by field and issue.");
        ShadowComparisons = meter.CreateCounter<long>("mlops.serving.shadow.comparisons", unit: "{comparison}", description: "Shadow predictions compared with the primary's, by agreement.");
    }

    public Meter Meter { get; }

    public Histogram<double> Duration { get; }

    /// <summary>One prediction counter per attribute set, kept for the life of the service provider (counts are cumulative).</summary>
    public PredictionCounter CounterFor(KeyValuePair<string, object?>[] tags)
    {
        var key = string.Join('\u001f', tags.Select(t => t.Key + "=" + Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture)));
        lock (_counters)
        {
            if (!_counters.TryGetValue(key, out var counter))
            {
                counter = new PredictionCounter(tags);
                _counters[key] = counter;
            }

            return counter;
        }
    }

    public Counter<long> Errors { get; }

    public Counter<long> Swaps { get; }

    public Counter<long> InputIssues { get; }

    public Counter<long> ShadowComparisons { get; }

    /// <summary>The start of a prediction's duration, or 0 when no one listens to the histogram (no clock read then).</summary>
    public long Start() => Duration.Enabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Records one successful prediction call of <paramref name="rows"/> rows.</summary>
    public void Record(PredictionCounter counter, long startTimestamp, int rows)
    {
        if (startTimestamp != 0 && Duration.Enabled)
        {
            Duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new ReadOnlySpan<KeyValuePair<string, object?>>(counter.Tags));
        }

        counter.Add(rows);
    }

    public void RecordError(KeyValuePair<string, object?>[] tags, Exception error)
    {
        if (!Errors.Enabled)
        {
            return;
        }

        var list = new TagList(tags) { { ErrorType, error.GetType().Name } };
        Errors.Add(1, list);
    }

    private IEnumerable<Measurement<long>> ObservePredictions()
    {
        PredictionCounter[] counters;
        lock (_counters)
        {
            counters = [.. _counters.Values];
        }

        return counters.Select(c => new Measurement<long>(c.Total, c.Tags));
    }
}
