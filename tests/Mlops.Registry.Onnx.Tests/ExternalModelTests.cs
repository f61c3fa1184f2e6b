using Microsoft.ML.Data;

namespace Mlops.Registry.Onnx.Tests;

/// <summary>A model that did not come from ML.NET: a hand-written ONNX graph.</summary>
public sealed class ExternalModelTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed class Features
    {
        [ColumnName("features")]
        [VectorType(3)]
        public float[] Values { get; set; } = [];
    }

    public sealed class Output
    {
        [ColumnName("y")]
        public float Y { get; set; }

        [ColumnName("scaled")]
        public float[] Scaled { get; set; } = [];
    }

    [Fact]
    public async Task Its_signature_is_read_from_the_onnx_metadata()
    {
        var path = Write();

        var signature = await new OnnxModelFlavor().ReadSignatureAsync(models.Ml, path, Ct);

        signature!.Inputs.Should().Equal(
            new SignatureColumn("features", "Single", 3, true),
            new SignatureColumn("note", "String", null, true));
        signature.Outputs.Should().Equal(
            new SignatureColumn("y", "Single", null, true),
            new SignatureColumn("scaled", "Single", 3, true));
    }

    [Fact]
    public async Task It_loads_and_predicts_without_the_input_no_output_reads()
    {
        var path = Write();
        using var loaded = await new OnnxModelFlavor().LoadAsync(models.Ml, Versions.Of("tiny"), path, Ct);
        var engine = loaded.CreatePredictionEngine<Features, Output>();

        var output = engine.Predict(new Features { Values = [1f, 2f, 3f] });

        output.Y.Should().Be(14.5f);
        output.Scaled.Should().Equal(2f, 4f, 6f);
        loaded.InputSchema.Select(c => c.Name).Should().Equal("features");
        engine.Predict(new Features { Values = [0f, 0f, -1f] }).Y.Should().Be(-2.5f);
    }

    private string Write()
    {
        var path = models.NewPath("tiny.onnx");
        File.WriteAllBytes(path, TinyOnnx.LinearModel());
        return path;
    }
}
