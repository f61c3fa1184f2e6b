namespace Mlops.Registry.Onnx.Tests;

/// <summary>Signatures come from the ONNX metadata (names, element types, shapes) as the loaded model exposes them.</summary>
public sealed class SignatureTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Full_penguins_export_requires_the_label_and_offers_every_column()
    {
        var signature = await new OnnxModelFlavor().ReadSignatureAsync(models.Ml, models.PenguinsOnnx, Ct);

        signature!.Inputs.Should().Equal(
            new SignatureColumn("Species", "String"),
            new SignatureColumn("BeakLength", "Single", null, true),
            new SignatureColumn("BeakDepth", "Single", null, true),
            new SignatureColumn("FlipperLength", "Single", null, true),
            new SignatureColumn("BodyMass", "Single", null, true));
        signature.Outputs.Should().ContainEquivalentOf(new SignatureColumn("PredictedSpecies", "String"));
        signature.Outputs.Should().ContainEquivalentOf(new SignatureColumn("PredictedLabel", "UInt32"));
        signature.Outputs.Should().ContainEquivalentOf(new SignatureColumn("Score", "Single", 3, true));
        signature.Outputs.Should().ContainEquivalentOf(new SignatureColumn("Features", "Single", 4, true));
        signature.Outputs.Select(o => o.Name).Should().NotContain(n => n.EndsWith(".output") || n.Contains("unusedOutput"));
    }

    [Fact]
    public async Task Scoring_only_export_marks_the_label_input_optional()
    {
        var signature = await new OnnxModelFlavor().ReadSignatureAsync(models.Ml, models.PenguinsScoringOnnx, Ct);

        signature!.Inputs.Single(c => c.Name == "Species").Should().Be(new SignatureColumn("Species", "String", null, true));
        signature.Outputs.Select(o => o.Name).Should().BeEquivalentTo("PredictedSpecies", "PredictedLabel", "Score");
    }

    [Fact]
    public async Task The_signature_matches_the_schemas_of_the_loaded_model()
    {
        var flavor = new OnnxModelFlavor();
        var signature = await flavor.ReadSignatureAsync(models.Ml, models.CarsOnnx, Ct);
        using var loaded = await flavor.LoadAsync(models.Ml, Versions.Of("cars"), models.CarsOnnx, Ct);

        signature!.Outputs.Should().ContainEquivalentOf(new SignatureColumn("Score", "Single", null, true));
        foreach (var output in signature.Outputs)
        {
            var column = loaded.OutputSchema[output.Name];
            ModelSignatures.ColumnsOf(Schema(column)).Single().Should().Be(output);
        }

        ModelSignatures.ColumnsOf(loaded.InputSchema).Should().Equal(signature.Inputs);
    }

    [Fact]
    public async Task Two_exports_of_the_same_model_compare_as_widened_when_one_adds_outputs()
    {
        var flavor = new OnnxModelFlavor();
        var scoring = await flavor.ReadSignatureAsync(models.Ml, models.PenguinsScoringOnnx, Ct);
        var full = await flavor.ReadSignatureAsync(models.Ml, models.PenguinsOnnx, Ct);

        // The full export adds outputs (widening) but makes the label required (breaking for callers that omit it).
        var comparison = ModelSignature.Compare(scoring!, full!);
        comparison.Compatibility.Should().Be(SignatureCompatibility.Breaking);
        comparison.Reasons.Should().ContainSingle().Which.Should().Contain("Species");
        ModelSignature.Compare(full!, scoring!).Compatibility.Should().Be(SignatureCompatibility.Breaking, "outputs are gone");
    }

    private static Microsoft.ML.DataViewSchema Schema(Microsoft.ML.DataViewSchema.Column column)
    {
        var builder = new Microsoft.ML.DataViewSchema.Builder();
        builder.AddColumn(column.Name, column.Type);
        return builder.ToSchema();
    }
}
