using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using Mlops.Registry;

namespace Mlops.Benchmarks;

/// <summary>
/// The serving hot path: <c>LoadAsync("models:/penguins@champion")</c> when the alias is already resolved and the model
/// loaded (goal ≤ 1 µs), against the floor of any cache: one <see cref="ConcurrentDictionary{TKey, TValue}"/> lookup by
/// the URI string. The alias cache duration is set long so that no re-resolution falls inside a measurement.
/// </summary>
[MemoryDiagnoser]
public class RegistryAliasBenchmarks
{
    private const string Uri = "models:/penguins@champion";
    private readonly ConcurrentDictionary<string, LoadedModel> _dictionary = new(StringComparer.Ordinal);
    private RegistryBenchmarkModels _models = null!;
    private RegistryBenchmarkHost _host = null!;

    [Params("mlnet", "onnx")]
    public string Flavor { get; set; } = "onnx";

    [GlobalSetup]
    public void Setup()
    {
        _models = new RegistryBenchmarkModels();
        _host = new RegistryBenchmarkHost(o => o.AliasCacheDuration = TimeSpan.FromHours(1));
        var path = Flavor == ModelFlavorNames.Onnx ? _models.OnnxPath : _models.ZipPath;
        var version = _host.Registry.RegisterVersionFromFileAsync("penguins", path, Flavor).GetAwaiter().GetResult();
        _host.Registry.SetAliasAsync("penguins", "champion", version.Version).GetAwaiter().GetResult();
        _dictionary[Uri] = _host.Registry.LoadAsync(Uri).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _models.Dispose();
    }

    [Benchmark(Baseline = true, Description = "ConcurrentDictionary lookup")]
    public LoadedModel DictionaryLookup() => _dictionary.TryGetValue(Uri, out var model) ? model : null!;

    [Benchmark(Description = "Registry LoadAsync cached alias")]
    public LoadedModel RegistryCachedAlias()
    {
        var task = _host.Registry.LoadAsync(Uri);
        return task.IsCompletedSuccessfully ? task.Result : task.GetAwaiter().GetResult();
    }
}
