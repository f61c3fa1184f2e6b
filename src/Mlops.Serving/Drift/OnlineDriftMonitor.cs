using Mlops.Validation.Drift;
using Mlops.Validation.Profiles;

namespace Mlops.Serving.Drift;

/// <summary>
/// A fixed-size window of sampled live inputs per feature (a ring of the last <see cref="OnlineDriftOptions.WindowSize"/>
/// rows), compared with the reference profile by <see cref="DriftAnalyzer"/>. Observing a row takes a short lock on the
/// sampled share of predictions only; evaluation copies the window and runs off the prediction path.
/// </summary>
internal sealed class OnlineDriftMonitor<TIn>
{
    private readonly Lock _gate = new();
    private readonly Feature<TIn>[] _features;
    private readonly double[][] _numbers;
    private readonly string?[][] _texts;
    private readonly DatasetProfile _reference;
    private readonly OnlineDriftOptions _options;
    private readonly int _size;
    private int _next;
    private int _count;
    private long _observed;

    private OnlineDriftMonitor(Feature<TIn>[] features, DatasetProfile reference, OnlineDriftOptions options)
    {
        _features = features;
        _reference = reference;
        _options = options;
        _size = options.WindowSize;
        _numbers = features.Select(f => f.IsNumeric ? new double[_size] : []).ToArray();
        _texts = features.Select(f => f.IsNumeric ? [] : new string?[_size]).ToArray();
    }

    /// <summary>The features monitored.</summary>
    public IReadOnlyList<string> FeatureNames => _features.Select(f => f.Name).ToArray();

    /// <summary>Rows sampled into the window so far (not capped by the window).</summary>
    public long Observed => Interlocked.Read(ref _observed);

    /// <summary>Whether the last evaluation was over threshold (the monitor's state for journaling crossings).</summary>
    public bool OverThreshold { get; set; }

    /// <summary>The last evaluation.</summary>
    public OnlineDriftStatus? Last { get; set; }

    public static OnlineDriftMonitor<TIn>? Create(DatasetProfile? reference, OnlineDriftOptions options)
    {
        if (reference is null || !options.Enabled)
        {
            return null;
        }

        var features = Feature<TIn>.All
            .Where(f => reference.Column(f.Name) is { ValueCount: > 0 } c
                && (c.Kind == ProfileColumnKind.Numeric) == f.IsNumeric)
            .ToArray();
        return features.Length == 0 ? null : new OnlineDriftMonitor<TIn>(features, reference, options);
    }

    /// <summary>Samples the row into the window with probability <see cref="OnlineDriftOptions.SampleRate"/>.</summary>
    public void Observe(TIn row)
    {
        var rate = _options.SampleRate;
        if (rate < 1 && Random.Shared.NextDouble() >= rate)
        {
            return;
        }

        lock (_gate)
        {
            var at = _next;
            for (var i = 0; i < _features.Length; i++)
            {
                var feature = _features[i];
                if (feature.Number is { } number)
                {
                    _numbers[i][at] = number(row);
                }
                else
                {
                    // The reference profile read text through ML.NET, where a null string is the empty string.
                    _texts[i][at] = feature.Text!(row) ?? string.Empty;
                }
            }

            _next = at + 1 == _size ? 0 : at + 1;
            if (_count < _size)
            {
                _count++;
            }

            _observed++;
        }
    }

    /// <summary>Compares the window with the reference; <see langword="null"/> while it holds fewer than the minimum rows.</summary>
    public DriftReport? Evaluate(out int windowRows)
    {
        double[][] numbers;
        string?[][] texts;
        lock (_gate)
        {
            windowRows = _count;
            if (_count < _options.MinimumRows)
            {
                return null;
            }

            numbers = _numbers.Select(a => a.Length == 0 ? a : a.AsSpan(0, _count).ToArray()).ToArray();
            texts = _texts.Select(a => a.Length == 0 ? a : a.AsSpan(0, _count).ToArray()).ToArray();
        }

        var columns = new List<ColumnProfile>(_features.Length);
        for (var i = 0; i < _features.Length; i++)
        {
            columns.Add(_features[i].IsNumeric
                ? Profiler.Numeric(_features[i].Name, numbers[i])
                : Profiler.Categorical(_features[i].Name, texts[i]));
        }

        var current = new DatasetProfile(windowRows, columns);
        var reference = new DatasetProfile(_reference.RowCount, _reference.Columns.Where(c => _features.Any(f => f.Name == c.Name)).ToList());
        return DriftAnalyzer.Analyze(reference, current, _options.Tests);
    }
}
