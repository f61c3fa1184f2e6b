using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Mlops.Benchmarks.Serving;

/// <summary>
/// Per-call latencies folded into a histogram: 10 ns buckets up to 200 µs (exact enough for percentiles of
/// microsecond calls), and every slower call kept as is. The benchmark process prints the percentiles as one line
/// (<see cref="Report"/>) that <see cref="LatencyColumn"/> reads back from BenchmarkDotNet's captured output.
/// </summary>
internal sealed class LatencyRecorder
{
    public const string Prefix = "// mlops-latency";

    private const long BucketNanoseconds = 10;
    private const int Buckets = 20_000;
    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    private readonly long[] _counts = new long[Buckets];
    private readonly List<long> _slow = [];
    private long _total;

    public long Count => _total;

    /// <summary>Adds Stopwatch tick durations.</summary>
    public void Add(ReadOnlySpan<long> ticks)
    {
        foreach (var t in ticks)
        {
            var ns = (long)(t * NanosecondsPerTick);
            var bucket = ns / BucketNanoseconds;
            if (bucket < Buckets)
            {
                _counts[bucket]++;
            }
            else
            {
                _slow.Add(ns);
            }
        }

        _total += ticks.Length;
    }

    /// <summary>The nearest-rank percentile in nanoseconds (the upper edge of its bucket below 200 µs).</summary>
    public double Percentile(double p)
    {
        if (_total == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(p / 100 * _total);
        long seen = 0;
        for (var i = 0; i < Buckets; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return (i + 1) * BucketNanoseconds;
            }
        }

        _slow.Sort();
        return _slow[(int)Math.Min(_slow.Count - 1, rank - seen - 1)];
    }

    public double Max()
    {
        if (_slow.Count > 0)
        {
            return _slow.Max();
        }

        for (var i = Buckets - 1; i >= 0; i--)
        {
            if (_counts[i] > 0)
            {
                return (i + 1) * BucketNanoseconds;
            }
        }

        return double.NaN;
    }

    /// <summary>The line the columns parse: <c>// mlops-latency calls=N p50=ns p99=ns p999=ns max=ns swaps=N swapsPerSecond=x</c>.</summary>
    public string Report(long swaps, double seconds) => string.Create(
        CultureInfo.InvariantCulture,
        $"{Prefix} calls={_total} p50={Percentile(50)} p99={Percentile(99)} p999={Percentile(99.9)} max={Max()} swaps={swaps} swapsPerSecond={(seconds > 0 ? swaps / seconds : 0):0.0}");

    /// <summary>Reads a value of the benchmark process's report line(s); the mean over launches when there are several.</summary>
    public static double? Read(Summary summary, BenchmarkCase benchmarkCase, string key)
    {
        var values = new List<double>();
        foreach (var result in summary[benchmarkCase]?.ExecuteResults ?? [])
        {
            foreach (var line in result.StandardOutput)
            {
                if (!line.StartsWith(Prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var pair in line[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    if (eq > 0 && pair.AsSpan(0, eq).SequenceEqual(key)
                        && double.TryParse(pair.AsSpan(eq + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    {
                        values.Add(value);
                    }
                }
            }
        }

        return values.Count == 0 ? null : values.Average();
    }
}

/// <summary>A column showing one value of <see cref="LatencyRecorder"/>'s report line, optionally as a ratio to the baseline case's value.</summary>
internal sealed class LatencyColumn(string name, string key, string legend, bool isTime, bool ratioToBaseline = false) : IColumn
{
    public string Id => nameof(LatencyColumn) + "." + name;

    public string ColumnName => name;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => isTime && !ratioToBaseline ? UnitType.Time : UnitType.Dimensionless;

    public string Legend => legend;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var value = LatencyRecorder.Read(summary, benchmarkCase, key);
        if (value is null)
        {
            return "?";
        }

        if (ratioToBaseline)
        {
            var baselineCase = summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
            var baseline = baselineCase is null ? null : LatencyRecorder.Read(summary, baselineCase, key);
            return baseline is null or <= 0 ? "?" : (value.Value / baseline.Value).ToString("0.00", style.CultureInfo) + "x";
        }

        return isTime
            ? (value.Value / 1000).ToString("N2", style.CultureInfo) + " μs"
            : value.Value.ToString("N1", style.CultureInfo);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
