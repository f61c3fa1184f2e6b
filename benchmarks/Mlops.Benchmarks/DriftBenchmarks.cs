using BenchmarkDotNet.Attributes;
using Mlops.Validation.Drift;
using Mlops.Validation.Profiles;

namespace Mlops.Benchmarks;

/// <summary>
/// A full drift report over 20 numeric columns, 1,000,000 reference rows against 1,000,000 current rows (the default test
/// is normalized Wasserstein). Baseline: copying and sorting the same 40 arrays with Array.Sort, column-parallel like the
/// analyzer — the floor for any exact KS or Wasserstein on raw samples. The profile paths read the histograms instead.
/// </summary>
[MemoryDiagnoser]
public class DriftBenchmarks
{
    private const int Columns = 20;
    private const int Rows = 1_000_000;
    private DriftColumn[] _reference = null!;
    private DriftColumn[] _current = null!;
    private DatasetProfile _referenceProfile = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _reference = new DriftColumn[Columns];
        _current = new DriftColumn[Columns];
        for (var c = 0; c < Columns; c++)
        {
            // Half of the columns shift by 0.2 standard deviations: a realistic mix of drifted and stable columns.
            _reference[c] = DriftColumn.Numeric($"c{c}", Normal(random, Rows, c, 1 + c));
            _current[c] = DriftColumn.Numeric($"c{c}", Normal(random, Rows, c + (c % 2 == 0 ? 0.2 * (1 + c) : 0), 1 + c));
        }

        _referenceProfile = ProfileAll(_reference);
    }

    [Benchmark(Baseline = true, Description = "Array.Sort copies of the 40 columns")]
    public double SortBaseline()
    {
        var sums = new double[Columns];
        Parallel.For(0, Columns, c =>
        {
            var a = _reference[c].Numbers!.ToArray();
            var b = _current[c].Numbers!.ToArray();
            Array.Sort(a);
            Array.Sort(b);
            sums[c] = a[^1] + b[^1];
        });
        return sums.Sum();
    }

    [Benchmark(Description = "Drift report, raw samples (exact)")]
    public bool RawReport() => DriftAnalyzer.Analyze(_reference, _current).DatasetDrift;

    [Benchmark(Description = "Drift report, profile both sides + compare")]
    public bool ProfileReport() => DriftAnalyzer.Analyze(ProfileAll(_reference), ProfileAll(_current)).DatasetDrift;

    [Benchmark(Description = "Drift report, stored reference profile + current")]
    public bool StoredReferenceReport() => DriftAnalyzer.Analyze(_referenceProfile, ProfileAll(_current)).DatasetDrift;

    private static DatasetProfile ProfileAll(DriftColumn[] columns)
    {
        var profiles = new ColumnProfile[columns.Length];
        Parallel.For(0, columns.Length, c => profiles[c] = Profiler.Numeric(columns[c].Name, columns[c].Numbers!));
        return new DatasetProfile(Rows, profiles);
    }

    internal static double[] Normal(Random random, int count, double mean, double sd)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = mean + (sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        return values;
    }
}

/// <summary>Profile building over growing row counts: time linear in rows, allocation constant (the histogram and counters).</summary>
[MemoryDiagnoser]
public class ProfileBuildBenchmarks
{
    private double[] _values = null!;

    [Params(100_000, 1_000_000, 10_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup() => _values = DriftBenchmarks.Normal(new Random(1), Rows, 100, 15);

    [Benchmark(Baseline = true, Description = "Sum (one pass, no profile)")]
    public double Sum()
    {
        double s = 0;
        foreach (var v in _values)
        {
            s += v;
        }

        return s;
    }

    [Benchmark(Description = "Profiler.Numeric")]
    public long Profile() => Profiler.Numeric("x", _values).ValueCount;
}
