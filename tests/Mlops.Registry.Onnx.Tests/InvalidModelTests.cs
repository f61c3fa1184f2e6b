namespace Mlops.Registry.Onnx.Tests;

public sealed class InvalidModelTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> NotOnnx => new()
    {
        "text",
        "zip",
        "truncated",
        "flipped",
        "empty",
    };

    [Theory]
    [MemberData(nameof(NotOnnx))]
    public async Task A_file_that_is_not_an_onnx_model_gives_a_clear_error(string kind)
    {
        var path = models.NewPath(kind + ".onnx");
        var onnx = File.ReadAllBytes(models.PenguinsOnnx);
        File.WriteAllBytes(path, kind switch
        {
            "text" => "this is not a model, just some text\n"u8.ToArray(),
            "zip" => File.ReadAllBytes(models.PenguinsZip),
            "truncated" => onnx[..(onnx.Length / 2)],
            "flipped" => Flip(onnx),
            _ => [],
        });
        var flavor = new OnnxModelFlavor();

        var load = async () => await flavor.LoadAsync(models.Ml, Versions.Of("bad"), path, Ct);
        var read = async () => await flavor.ReadSignatureAsync(models.Ml, path, Ct);

        (await load.Should().ThrowAsync<MlopsValidationException>())
            .Which.Message.Should().Contain(path).And.Contain("not a readable ONNX model");
        await read.Should().ThrowAsync<MlopsValidationException>();
    }

    [Fact]
    public async Task A_missing_file_is_reported_as_such()
    {
        var load = async () => await new OnnxModelFlavor().LoadAsync(models.Ml, Versions.Of("gone"), models.NewPath("gone.onnx"), Ct);

        await load.Should().ThrowAsync<FileNotFoundException>();
    }

    [Fact]
    public async Task Predicting_with_an_input_type_missing_a_required_column_names_the_column()
    {
        using var loaded = await new OnnxModelFlavor().LoadAsync(models.Ml, Versions.Of("p"), models.PenguinsOnnx, Ct);

        var create = () => loaded.CreatePredictionEngine<PenguinFeatures, SpeciesPrediction>();

        create.Should().Throw<Exception>().Which.Message.Should().Contain("Species");
    }

    [Fact]
    public void Exporting_an_output_the_model_does_not_produce_names_it()
    {
        using var stream = new MemoryStream();

        var export = () => OnnxModelExport.Export(models.Ml, models.PenguinsModel, models.PenguinsTrain, stream, ["Probability"]);

        export.Should().Throw<MlopsValidationException>().Which.Message.Should().Contain("Probability").And.Contain("PredictedSpecies");
    }

    // Corrupt the graph's structure (a tag byte in the first kilobyte), the way a damaged download would.
    private static byte[] Flip(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        copy[0] ^= 0xFF;
        copy[1] ^= 0xFF;
        return copy;
    }
}
