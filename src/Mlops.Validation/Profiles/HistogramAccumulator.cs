namespace Mlops.Validation.Profiles;

/// <summary>One-pass builder of a <see cref="NumericHistogram"/> with a fixed bin budget (see that type for the grid).</summary>
internal sealed class HistogramAccumulator
{
    internal const int InitialExponent = -20;

    // Indices stay well inside long: |x| / 2^e < 2^60.
    private const double MaxScaledMagnitude = 1152921504606846976.0;

    private readonly long[] _counts;
    private int _exponent = InitialExponent;
    private double _scale = Math.ScaleB(1.0, -InitialExponent);
    private long _windowStart;
    private long _minUsed;
    private long _maxUsed;
    private bool _empty = true;

    internal HistogramAccumulator(int maxBins) => _counts = new long[maxBins];

    internal void Add(double x)
    {
        var scaled = x * _scale;
        if (Math.Abs(scaled) >= MaxScaledMagnitude)
        {
            var shift = 0;
            while (Math.Abs(scaled) >= MaxScaledMagnitude)
            {
                scaled /= 2;
                shift++;
            }

            Coarsen(shift, above: true);
        }

        var idx = (long)Math.Floor(x * _scale);
        if (_empty)
        {
            _empty = false;
            _windowStart = _minUsed = _maxUsed = idx;
            _counts[0] = 1;
            return;
        }

        var offset = idx - _windowStart;
        if ((ulong)offset < (ulong)_counts.Length)
        {
            _counts[offset]++;
            _minUsed = Math.Min(_minUsed, idx);
            _maxUsed = Math.Max(_maxUsed, idx);
            return;
        }

        long lo = Math.Min(_minUsed, idx), hi = Math.Max(_maxUsed, idx);
        var levels = 0;
        while (hi - lo + 1 > _counts.Length)
        {
            lo >>= 1;
            hi >>= 1;
            levels++;
        }

        Coarsen(levels, above: idx > _maxUsed);
        idx = (long)Math.Floor(x * _scale);
        _counts[idx - _windowStart]++;
        _minUsed = Math.Min(_minUsed, idx);
        _maxUsed = Math.Max(_maxUsed, idx);
    }

    /// <summary>Doubles the bin width <paramref name="levels"/> times and places the window to leave room where data arrives.</summary>
    private void Coarsen(int levels, bool above)
    {
        if (_empty)
        {
            _exponent += levels;
            _scale = Math.ScaleB(1.0, -_exponent);
            return;
        }

        var old = _counts.ToArray();
        var oldStart = _windowStart;
        long oldMin = _minUsed, oldMax = _maxUsed;
        _exponent += levels;
        _scale = Math.ScaleB(1.0, -_exponent);
        _minUsed = oldMin >> levels;
        _maxUsed = oldMax >> levels;
        _windowStart = above ? _minUsed : _maxUsed - _counts.Length + 1;
        Array.Clear(_counts);
        for (var b = oldMin; b <= oldMax; b++)
        {
            var c = old[b - oldStart];
            if (c != 0)
            {
                _counts[(b >> levels) - _windowStart] += c;
            }
        }
    }

    internal NumericHistogram? ToHistogram() => _empty
        ? null
        : new NumericHistogram(_exponent, _minUsed, _counts.AsSpan((int)(_minUsed - _windowStart), (int)(_maxUsed - _minUsed + 1)).ToArray());
}
