using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Microsoft.ML;
using Mlops.Serving;

namespace Mlops.Benchmarks.Serving;

/// <summary>
/// Throughput: the same <see cref="Predictions"/> predictions per invocation, split in equal fixed partitions over 1 or 2
/// threads (<see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/> over the partitions: the calling thread
/// runs one, a pool thread the other). Mean is per prediction, so the "Throughput vs 1 thread" column (mean at 1 thread ÷
/// mean here, same method) is the throughput ratio. Goal: served ≥ 1.8 × at 2 threads. The raw rows (one ML.NET engine
/// per thread, nothing shared) show what the machine allows. Telemetry on, as in <see cref="ServingPredictBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class ServingThroughputBenchmarks
{
    public const int Predictions = 4_000;

    private ServingBenchmarkModel _model = null!;
    private ServingBenchmarkHost _host = null!;
    private ServingTelemetryProbe _telemetry = null!;
    private IPredictor<ServingCar, ServingMpg> _predictor = null!;
    private PredictionEngine<ServingCar, ServingMpg>[] _raw = null!;
    private ServingCar[] _rows = null!;
    private ParallelOptions _parallel = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _model = new ServingBenchmarkModel();
        _telemetry = new ServingTelemetryProbe();
        _host = new ServingBenchmarkHost(_model, versions: 1, storeReference: false, s => s
            .AddModel<ServingCar, ServingMpg>(ServingBenchmarkHost.ModelName, o =>
            {
                o.Alias = ServingBenchmarkHost.Alias;
                o.WarmupInput = _model.Row;
            }));
        _predictor = _host.Predictor(ServingBenchmarkHost.ModelName);
        _raw = Enumerable.Range(0, Threads).Select(_ => _model.CreateRawEngine()).ToArray();

        // One row object per thread (the same values), so no thread reads another's input object.
        _rows = Enumerable.Range(0, Threads).Select(_ => new ServingCar { Horsepower = _model.Row.Horsepower, Weight = _model.Row.Weight, Cylinders = _model.Row.Cylinders }).ToArray();
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = Threads };
        _predictor.Predict(_model.Row);
        _telemetry.Verify(minimum: 1);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var engine in _raw)
        {
            engine.Dispose();
        }

        _host.Dispose();
        _telemetry.Dispose();
        _model.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Predictions, Description = "Raw PredictionEngine, one per thread")]
    public void Raw() => Parallel.For(0, Threads, _parallel, RawPartition);

    [Benchmark(OperationsPerInvoke = Predictions, Description = "Served Predict, telemetry on")]
    public void Served() => Parallel.For(0, Threads, _parallel, ServedPartition);

    private void RawPartition(int partition)
    {
        var engine = _raw[partition];
        var row = _rows[partition];
        for (var i = Predictions / Threads; i > 0; i--)
        {
            engine.Predict(row);
        }
    }

    private void ServedPartition(int partition)
    {
        var row = _rows[partition];
        for (var i = Predictions / Threads; i > 0; i--)
        {
            _predictor.Predict(row);
        }
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new ThreadScalingColumn());
    }

    /// <summary>Mean of the same method at 1 thread ÷ mean of this case: how many times the 1-thread throughput this is.</summary>
    private sealed class ThreadScalingColumn : IColumn
    {
        public string Id => nameof(ThreadScalingColumn);

        public string ColumnName => "Throughput vs 1 thread";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Throughput relative to the same method at Threads = 1 (mean per prediction at 1 thread / mean here)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var mine = summary[benchmarkCase]?.ResultStatistics;
            var single = summary.BenchmarksCases.FirstOrDefault(c =>
                c.Descriptor.WorkloadMethod == benchmarkCase.Descriptor.WorkloadMethod
                && c.Job.DisplayInfo == benchmarkCase.Job.DisplayInfo
                && Equals(c.Parameters[nameof(Threads)], 1));
            var baseline = single is null ? null : summary[single]?.ResultStatistics;
            return mine is null || baseline is null || mine.Mean <= 0
                ? "?"
                : (baseline.Mean / mine.Mean).ToString("0.00", style.CultureInfo) + "x";
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
