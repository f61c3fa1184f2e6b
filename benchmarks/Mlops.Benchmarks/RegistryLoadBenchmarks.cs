using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using Mlops.Registry;
using Mlops.Registry.Onnx;

namespace Mlops.Benchmarks;

/// <summary>
/// Loading the same penguins model as an ML.NET <c>.zip</c> and as <c>.onnx</c>: raw <c>MLContext.Model.Load</c> (the
/// baseline) and a raw ONNX Runtime session, against the flavors and the registry's uncached <c>LoadAsync</c> (which adds
/// resolving the URI, copying the artifact to a temp file and checking its SHA-256).
/// </summary>
[MemoryDiagnoser]
public class RegistryLoadBenchmarks
{
    private RegistryBenchmarkModels _models = null!;
    private RegistryBenchmarkHost _host = null!;
    private MlNetModelFlavor _mlnetFlavor = null!;
    private OnnxModelFlavor _onnxFlavor = null!;
    private ModelVersion _version = null!;
    private int _toggle;

    [GlobalSetup]
    public void Setup()
    {
        _models = new RegistryBenchmarkModels();

        // One loaded model at a time and two versions of each file: loading them in turn always misses the cache.
        _host = new RegistryBenchmarkHost(o => o.MaxLoadedModels = 1);
        for (var i = 0; i < 2; i++)
        {
            _host.Registry.RegisterVersionFromFileAsync("penguins-zip", _models.ZipPath, ModelFlavorNames.MlNet).GetAwaiter().GetResult();
            _host.Registry.RegisterVersionFromFileAsync("penguins-onnx", _models.OnnxPath, ModelFlavorNames.Onnx).GetAwaiter().GetResult();
        }

        _version = _host.Registry.GetVersionAsync("penguins-onnx", 1).GetAwaiter().GetResult();
        _mlnetFlavor = new MlNetModelFlavor();
        _onnxFlavor = new OnnxModelFlavor();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _models.Dispose();
    }

    [Benchmark(Baseline = true, Description = "ML.NET raw MLContext.Model.Load (.zip)")]
    public DataViewSchema MlNetRawLoad()
    {
        var model = _models.Ml.Model.Load(_models.ZipPath, out var schema);
        (model as IDisposable)?.Dispose();
        return schema;
    }

    [Benchmark(Description = "ML.NET flavor LoadAsync (.zip)")]
    public async Task<DataViewSchema> MlNetFlavorLoad()
    {
        using var loaded = await _mlnetFlavor.LoadAsync(_models.Ml, _version, _models.ZipPath);
        return loaded.InputSchema;
    }

    [Benchmark(Description = "ONNX raw InferenceSession (.onnx)")]
    public int OnnxRawSession()
    {
        using var session = new InferenceSession(_models.OnnxPath);
        return session.InputMetadata.Count;
    }

    [Benchmark(Description = "ONNX flavor LoadAsync (.onnx)")]
    public async Task<DataViewSchema> OnnxFlavorLoad()
    {
        using var loaded = await _onnxFlavor.LoadAsync(_models.Ml, _version, _models.OnnxPath);
        return loaded.InputSchema;
    }

    [Benchmark(Description = "Registry LoadAsync uncached (mlnet)")]
    public async Task<DataViewSchema> RegistryMlNetUncached()
    {
        var loaded = await _host.Registry.LoadAsync($"models:/penguins-zip/{1 + (_toggle++ & 1)}");
        return loaded.InputSchema;
    }

    [Benchmark(Description = "Registry LoadAsync uncached (onnx)")]
    public async Task<DataViewSchema> RegistryOnnxUncached()
    {
        var loaded = await _host.Registry.LoadAsync($"models:/penguins-onnx/{1 + (_toggle++ & 1)}");
        return loaded.InputSchema;
    }
}
