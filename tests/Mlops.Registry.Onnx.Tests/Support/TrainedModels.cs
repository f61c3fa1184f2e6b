using Microsoft.ML;
using Microsoft.ML.Data;

[assembly: AssemblyFixture(typeof(Mlops.Registry.Onnx.Tests.TrainedModels))]

namespace Mlops.Registry.Onnx.Tests;

/// <summary>
/// Real models trained once per test assembly on the repository's data, with their ONNX exports in a temporary folder:
/// penguins multiclass (SdcaMaximumEntropy over 4 numeric features, mean imputation, min-max) and cars regression
/// (miles per gallon from horsepower, weight and cylinders).
/// </summary>
public sealed class TrainedModels : IDisposable
{
    public TrainedModels()
    {
        Folder = Directory.CreateTempSubdirectory("mlops-onnx-tests-").FullName;
        Ml = new MLContext(seed: 7);

        var penguins = Ml.Data.LoadFromEnumerable(SampleData.Penguins());
        var split = Ml.Data.TrainTestSplit(penguins, testFraction: 0.3, seed: 7);
        string[] features = [nameof(Penguin.BeakLength), nameof(Penguin.BeakDepth), nameof(Penguin.FlipperLength), nameof(Penguin.BodyMass)];
        PenguinsModel = Ml.Transforms.Conversion.MapValueToKey("Label", nameof(Penguin.Species))
            .Append(Ml.Transforms.ReplaceMissingValues(features.Select(f => new InputOutputColumnPair(f)).ToArray()))
            .Append(Ml.Transforms.Concatenate("Features", features))
            .Append(Ml.Transforms.NormalizeMinMax("Features"))
            .Append(Ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Append(Ml.Transforms.Conversion.MapKeyToValue(nameof(SpeciesPrediction.PredictedSpecies), "PredictedLabel"))
            .Fit(split.TrainSet);
        PenguinsTrain = split.TrainSet;
        PenguinsTest = Ml.Data.CreateEnumerable<Penguin>(split.TestSet, reuseRowObject: false).ToList();

        var cars = SampleData.Cars();
        CarsData = Ml.Data.LoadFromEnumerable(cars);
        CarsModel = Ml.Transforms.Concatenate("Features", nameof(Car.Horsepower), nameof(Car.Weight), nameof(Car.Cylinders))
            .Append(Ml.Transforms.NormalizeMinMax("Features"))
            .Append(Ml.Regression.Trainers.Sdca(labelColumnName: nameof(Car.MilesPerGallon), maximumNumberOfIterations: 100))
            .Fit(CarsData);
        Cars = cars;

        PenguinsZip = Path.Combine(Folder, "penguins.zip");
        Ml.Model.Save(PenguinsModel, PenguinsTrain.Schema, PenguinsZip);
        PenguinsOnnx = Export("penguins.onnx", PenguinsModel, PenguinsTrain);
        PenguinsScoringOnnx = Export("penguins-scoring.onnx", PenguinsModel, PenguinsTrain, [nameof(SpeciesPrediction.PredictedSpecies), "PredictedLabel", "Score"]);
        CarsOnnx = Export("cars.onnx", CarsModel, CarsData);
    }

    public string Folder { get; }

    public MLContext Ml { get; }

    public ITransformer PenguinsModel { get; }

    public IDataView PenguinsTrain { get; }

    /// <summary>The 30 % held out, as rows.</summary>
    public IReadOnlyList<Penguin> PenguinsTest { get; }

    public ITransformer CarsModel { get; }

    public IDataView CarsData { get; }

    public IReadOnlyList<Car> Cars { get; }

    public string PenguinsZip { get; }

    /// <summary>Every column exported (ML.NET's default): the label is a required graph input.</summary>
    public string PenguinsOnnx { get; }

    /// <summary>Only the scored columns exported: the label input is optional.</summary>
    public string PenguinsScoringOnnx { get; }

    public string CarsOnnx { get; }

    public string NewPath(string fileName) => Path.Combine(Folder, Guid.NewGuid().ToString("N") + "-" + fileName);

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private string Export(string fileName, ITransformer model, IDataView data, IReadOnlyList<string>? outputs = null)
    {
        var path = Path.Combine(Folder, fileName);
        using var stream = File.Create(path);
        OnnxModelExport.Export(Ml, model, data, stream, outputs);
        return path;
    }
}
