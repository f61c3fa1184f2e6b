using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Mlops.Serving;

namespace Mlops.Benchmarks.Serving;

/// <summary>
/// Per-call latency percentiles of served <see cref="IPredictor{TIn, TOut}.Predict(TIn)"/> while the served version is
/// hot-swapped, against the same calls with no swap (goal: p99 while swapping ≤ 2 × steady p99).
/// </summary>
/// <remarks>
/// BenchmarkDotNet's statistics are per iteration (thousands of calls averaged), not per call, so each invocation here
/// makes <see cref="CallsPerInvocation"/> predictions on one thread and stores each call's duration
/// (<see cref="Stopwatch.GetTimestamp"/> before and after, into a preallocated array), then folds them into a histogram.
/// The first <see cref="SkippedInvocations"/> invocations (JIT and the first pilot steps) are dropped; every later call —
/// pilot, warm-up and measured iterations alike — counts, which puts several hundred thousand calls behind each
/// percentile. The benchmark process prints the percentiles in its global cleanup and the p50/p99/p99.9 columns read them
/// back from the captured output. In the swapping cases a background task moves the alias between two versions of the
/// same model (<see cref="Mlops.Registry.IModelRegistry.SetAliasAsync"/>) and applies the move with
/// <see cref="IModelServer.SyncAsync"/> — a full swap: read the journal, load the version from the registry, check the
/// signature, build the generation with its engine pool, warm up 2 engines, publish, journal the swap, and dispose the
/// old generation once its last lease is returned — back to back, or one swap every 100 ms. It runs from the global setup
/// to the global cleanup, on the same 2 cores as the predicting thread. Telemetry on, as in <see cref="ServingPredictBenchmarks"/>.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class ServingSwapLatencyBenchmarks
{
    public const int CallsPerInvocation = 1_000;
    public const int SkippedInvocations = 5;

    private readonly long[] _ticks = new long[CallsPerInvocation];
    private readonly LatencyRecorder _latencies = new();
    private ServingBenchmarkModel _model = null!;
    private ServingBenchmarkHost _host = null!;
    private ServingTelemetryProbe _telemetry = null!;
    private IPredictor<ServingCar, ServingMpg> _predictor = null!;
    private ServingCar _row = null!;
    private CancellationTokenSource? _stop;
    private Task? _swapper;
    private long _swaps;
    private long _swapperStarted;
    private int _invocations;

    [GlobalSetup(Target = nameof(Steady))]
    public void SetupSteady() => SetUp(swapPause: null);

    [GlobalSetup(Target = nameof(SwappingBackToBack))]
    public void SetupSwappingBackToBack() => SetUp(swapPause: TimeSpan.Zero);

    [GlobalSetup(Target = nameof(SwappingEvery100Ms))]
    public void SetupSwappingEvery100Ms() => SetUp(swapPause: TimeSpan.FromMilliseconds(100));

    [GlobalCleanup]
    public void Cleanup()
    {
        double seconds = 0;
        if (_swapper is not null)
        {
            _stop!.Cancel();
            _swapper.GetAwaiter().GetResult();
            seconds = Stopwatch.GetElapsedTime(_swapperStarted).TotalSeconds;
        }

        Console.WriteLine(_latencies.Report(Interlocked.Read(ref _swaps), seconds));
        var status = _host.Server.GetStatus(ServingBenchmarkHost.ModelName);
        _host.Dispose();
        _telemetry.Dispose();
        _model.Dispose();
        _stop?.Dispose();
        if (status.LastError is not null)
        {
            throw new InvalidOperationException("A swap failed: " + status.LastError);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = CallsPerInvocation, Description = "Served Predict, steady")]
    public void Steady() => Measure();

    [Benchmark(OperationsPerInvoke = CallsPerInvocation, Description = "Served Predict, swapping back to back")]
    public void SwappingBackToBack() => Measure();

    [Benchmark(OperationsPerInvoke = CallsPerInvocation, Description = "Served Predict, swapping every 100 ms")]
    public void SwappingEvery100Ms() => Measure();

    private void Measure()
    {
        var ticks = _ticks;
        var predictor = _predictor;
        var row = _row;
        for (var i = 0; i < ticks.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            predictor.Predict(row);
            ticks[i] = Stopwatch.GetTimestamp() - started;
        }

        if (++_invocations > SkippedInvocations)
        {
            _latencies.Add(ticks);
        }
    }

    private void SetUp(TimeSpan? swapPause)
    {
        _model = new ServingBenchmarkModel();
        _row = _model.Row;
        _telemetry = new ServingTelemetryProbe();
        _host = new ServingBenchmarkHost(_model, versions: 2, storeReference: false, s => s
            .AddModel<ServingCar, ServingMpg>(ServingBenchmarkHost.ModelName, o =>
            {
                o.Alias = ServingBenchmarkHost.Alias;
                o.WarmupInput = _row;
            }));
        _predictor = _host.Predictor(ServingBenchmarkHost.ModelName);
        _predictor.Predict(_row);
        _telemetry.Verify(minimum: 1);
        if (swapPause is not { } pause)
        {
            return;
        }

        // One swap first, checked, so that a swapper that does nothing cannot pass for a swapping case.
        var next = SwapAsync(CancellationToken.None).GetAwaiter().GetResult();
        if (_host.Server.GetStatus(ServingBenchmarkHost.ModelName).Live?.Version != next)
        {
            throw new InvalidOperationException($"The swap to version {next} was not published: {_host.Server.GetStatus(ServingBenchmarkHost.ModelName).LastError}");
        }

        _stop = new CancellationTokenSource();
        _swapperStarted = Stopwatch.GetTimestamp();
        var stop = _stop.Token;
        _swapper = Task.Run(async () =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await SwapAsync(stop);
                    if (pause > TimeSpan.Zero)
                    {
                        await Task.Delay(pause, stop);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        });
    }

    /// <summary>Moves the alias to the other version and applies it; returns the version now live.</summary>
    private async Task<int> SwapAsync(CancellationToken cancellationToken)
    {
        var live = _host.Server.GetStatus(ServingBenchmarkHost.ModelName).Live?.Version ?? 1;
        var next = live == 1 ? 2 : 1;
        await _host.Registry.SetAliasAsync(ServingBenchmarkHost.ModelName, ServingBenchmarkHost.Alias, next, cancellationToken: cancellationToken);
        await _host.Server.SyncAsync(cancellationToken);
        Interlocked.Increment(ref _swaps);
        return next;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(
                new LatencyColumn("Calls", "calls", "Calls behind the percentiles (all invocations after the first " + SkippedInvocations + ")", isTime: false),
                new LatencyColumn("p50", "p50", "Median per-call latency", isTime: true),
                new LatencyColumn("p99", "p99", "99th percentile per-call latency", isTime: true),
                new LatencyColumn("p99.9", "p999", "99.9th percentile per-call latency", isTime: true),
                new LatencyColumn("p99 vs steady", "p99", "p99 here / p99 of the steady (baseline) case", isTime: true, ratioToBaseline: true),
                new LatencyColumn("Swaps/s", "swapsPerSecond", "Swaps published per second by the background swapper", isTime: false));
        }
    }
}
