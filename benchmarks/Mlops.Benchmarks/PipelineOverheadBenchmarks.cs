using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Pipelines;
using Mlops.Tracking;

namespace Mlops.Benchmarks;

/// <summary>
/// What the runner costs over tracking the same work by hand: a three-step chain (sum → square → text) whose steps do
/// nothing measurable, on the embedded SQLite store. The baseline writes what the runner writes — an execution run, a
/// child run per step with its tags, its input digests as params, its output as an artifact, a duration metric — with the
/// tracking API directly; "executed" runs the pipeline with the cache off, "cached" takes all three outputs from the cache.
/// </summary>
[MemoryDiagnoser]
public class PipelineOverheadBenchmarks
{
    private string _root = null!;
    private ServiceProvider _services = null!;
    private IPipelineRunner _runner = null!;
    private IExperimentTracker _tracker = null!;
    private Pipeline<int[]> _pipeline = null!;
    private readonly int[] _input = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "mlops-bench-pipelines", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMlops(m => m
            .UseSqlite($"Data Source={Path.Combine(_root, "mlops.db")}")
            .UseFileSystemArtifacts(Path.Combine(_root, "artifacts"))
            .UseActor("bench")
            .AddTracking(o => o.CaptureEnvironment = false)
            .AddPipelines());
        _services = services.BuildServiceProvider();
        _runner = _services.GetRequiredService<IPipelineRunner>();
        _tracker = _services.GetRequiredService<IExperimentTracker>();
        var builder = Pipeline.Create<int[]>("bench");
        var sum = builder.Add(Step.Create<int[], long>("sum", (v, _) => Task.FromResult(v.Sum(x => (long)x))), builder.Input);
        var square = builder.Add(Step.Create<long, long>("square", (v, _) => Task.FromResult(v * v)), sum);
        builder.Add(Step.Create<long, string>("text", (v, _) => Task.FromResult(v.ToString(System.Globalization.CultureInfo.InvariantCulture))), square);
        _pipeline = builder.Build();
        _runner.RunAsync(_pipeline, _input).GetAwaiter().GetResult().EnsureSucceeded(); // fills the cache
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "same records by hand (tracking API)")]
    public async Task<string> ByHand()
    {
        await using var execution = await _tracker.StartRunAsync("bench-by-hand", new RunOptions { Tags = new Dictionary<string, string> { ["mlops.pipeline"] = "bench" } });
        await execution.LogTextAsync("pipeline/input/output.json", "[1,2,3,4,5,6,7,8,9,10]");
        var sum = await StepByHand(execution, "sum", "input", () => _input.Sum(x => (long)x).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var square = await StepByHand(execution, "square", "sum", () => (long.Parse(sum, System.Globalization.CultureInfo.InvariantCulture) * long.Parse(sum, System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return await StepByHand(execution, "text", "square", () => $"\"{square}\"");
    }

    [Benchmark(Description = "pipeline, executed (cache off)")]
    public Task<PipelineExecution> Executed() => _runner.RunAsync(_pipeline, _input, new PipelineRunOptions { DisableCache = true });

    [Benchmark(Description = "pipeline, all steps cached")]
    public Task<PipelineExecution> Cached() => _runner.RunAsync(_pipeline, _input);

    private static async Task<string> StepByHand(RunScope execution, string name, string input, Func<string> work)
    {
        await using var step = await execution.StartChildRunAsync(name);
        await step.SetTagsAsync(new Dictionary<string, string> { ["mlops.step"] = name, ["mlops.step.version"] = "1", ["mlops.step.outcome"] = "running" });
        await step.LogParamAsync("input." + input, "digest");
        var output = work();
        await step.LogTextAsync("output/output.json", output);
        step.LogMetric("duration_seconds", 0.001);
        await step.SetTagsAsync(new Dictionary<string, string> { ["mlops.step.outcome"] = "executed" });
        return output;
    }
}
