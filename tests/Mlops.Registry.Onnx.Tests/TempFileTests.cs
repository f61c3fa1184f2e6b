namespace Mlops.Registry.Onnx.Tests;

[CollectionDefinition(nameof(TempFileTests), DisableParallelization = true)]
public sealed class TempFileCollection;

[Collection(nameof(TempFileTests))]
public sealed class TempFileTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Copies go to a folder of this process; other test classes of this assembly load models in parallel: run alone so
    // every new copy in it is ours.
    [Fact]
    public async Task Disposing_the_loaded_model_removes_its_private_copy_of_the_file()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mlops-onnx", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var before = Directory.Exists(folder) ? Directory.GetFiles(folder).ToHashSet() : [];
        var loaded = await Load(models.CarsOnnx);
        var copies = Directory.GetFiles(folder).Where(f => !before.Contains(f)).ToList();

        loaded.Dispose();

        copies.Should().NotBeEmpty().And.OnlyContain(f => f.EndsWith(".onnx"));
        copies.Should().OnlyContain(f => !File.Exists(f));
    }

    private Task<LoadedModel> Load(string path) => new OnnxModelFlavor().LoadAsync(models.Ml, Versions.Of("m"), path, Ct).AsTask();
}
