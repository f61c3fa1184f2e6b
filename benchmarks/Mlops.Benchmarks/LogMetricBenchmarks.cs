using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Mlops.Tracking;

namespace Mlops.Benchmarks;

/// <summary>
/// The caller's side of LogMetric: time and allocation per call while the background writer is held at a gate (so its
/// commits neither compete for the cores nor count as allocations). Baseline: a bare bounded channel write of the same struct.
/// </summary>
[MemoryDiagnoser]
public class LogMetricBenchmarks
{
    private const int Calls = 100_000;
    private BenchmarkStore _store = null!;
    private RunScope _run = null!;
    private Channel<MetricPoint> _channel = null!;
    private readonly string _runId = Guid.NewGuid().ToString("N");

    [GlobalSetup]
    public void Setup()
    {
        _store = new BenchmarkStore(o => o.MetricQueueCapacity = 2_000_000, gated: true);
        _run = _store.Run;
        _channel = Channel.CreateBounded<MetricPoint>(new BoundedChannelOptions(2_000_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    [IterationSetup]
    public void CloseGate() => _store.Gate!.Close();

    [IterationCleanup]
    public void Drain()
    {
        _store.Gate!.Open();
        _run.FlushAsync().GetAwaiter().GetResult();
        while (_channel.Reader.TryRead(out _))
        {
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _store.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public void RawChannelWrite()
    {
        var writer = _channel.Writer;
        for (var i = 0; i < Calls; i++)
        {
            writer.TryWrite(new MetricPoint(_runId, "loss", i, i, 1_700_000_000_000 + i));
        }
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public void LogMetricWithTimestamp()
    {
        var run = _run;
        var at = DateTimeOffset.UtcNow;
        for (var i = 0; i < Calls; i++)
        {
            run.LogMetric("loss", i, i, at);
        }
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public void LogMetric()
    {
        var run = _run;
        for (var i = 0; i < Calls; i++)
        {
            run.LogMetric("loss", i, i);
        }
    }
}
