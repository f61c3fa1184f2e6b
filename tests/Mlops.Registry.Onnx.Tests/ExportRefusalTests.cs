using Microsoft.ML;

namespace Mlops.Registry.Onnx.Tests;

/// <summary>A model the converter cannot express completely is refused with a validation error, never exported as a partial graph.</summary>
public sealed class ExportRefusalTests(TrainedModels models)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_transform_without_an_onnx_conversion_is_a_validation_error_and_nothing_is_written(bool scoredColumnsOnly)
    {
        var ml = models.Ml;
        // CustomMapping runs arbitrary .NET code: ML.NET has no ONNX conversion for it.
        var model = ml.Transforms.CustomMapping<Penguin, Doubled>((input, output) => output.TwiceBeak = input.BeakLength * 2, contractName: null)
            .Append(ml.Transforms.Concatenate("Features", nameof(Doubled.TwiceBeak), nameof(Penguin.BeakDepth)))
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: nameof(Penguin.BodyMass), maximumNumberOfIterations: 5))
            .Fit(models.PenguinsTrain);
        using var destination = new MemoryStream();

        var export = () => OnnxModelExport.Export(ml, model, models.PenguinsTrain, destination, scoredColumnsOnly ? ["Score"] : null);

        var error = export.Should().Throw<MlopsValidationException>().Which;
        error.Field.Should().Be("model");
        error.Rule.Should().Contain("cannot be converted to ONNX").And.Contain("can not be fully converted");
        destination.Length.Should().Be(0, "no partial graph is written");
    }

    public sealed class Doubled
    {
        public float TwiceBeak { get; set; }
    }
}
