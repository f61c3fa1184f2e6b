using Microsoft.ML;
using Microsoft.ML.Data;
using Mlops.Registry.Tests;

[assembly: AssemblyFixture(typeof(TrainedModels))]

namespace Mlops.Registry.Tests;

/// <summary>Real ML.NET models trained once per test assembly on the repository's penguins and cars data.</summary>
public sealed class TrainedModels
{
    public TrainedModels()
    {
        Ml = new MLContext(seed: 7);

        var penguins = Ml.Data.LoadFromEnumerable(SampleData.Penguins());
        var split = Ml.Data.TrainTestSplit(penguins, testFraction: 0.3, seed: 7);
        string[] features = [nameof(Penguin.BeakLength), nameof(Penguin.BeakDepth), nameof(Penguin.FlipperLength), nameof(Penguin.BodyMass)];
        PenguinsModel = Ml.Transforms.Conversion.MapValueToKey("Label", nameof(Penguin.Species))
            .Append(Ml.Transforms.ReplaceMissingValues(features.Select(f => new InputOutputColumnPair(f)).ToArray()))
            .Append(Ml.Transforms.Concatenate("Features", features))
            .Append(Ml.Transforms.NormalizeMinMax("Features"))
            .Append(Ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Append(Ml.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel"))
            .Fit(split.TrainSet);
        PenguinsTrain = split.TrainSet;
        PenguinsTest = Ml.Data.CreateEnumerable<Penguin>(split.TestSet, reuseRowObject: false).ToList();
        PenguinsZip = Save(PenguinsModel, PenguinsTrain.Schema);

        var cars = Ml.Data.LoadFromEnumerable(SampleData.Cars());
        var carSplit = Ml.Data.TrainTestSplit(cars, testFraction: 0.3, seed: 7);
        CarsModel = Ml.Transforms.Concatenate("Features", nameof(Car.Horsepower), nameof(Car.Weight), nameof(Car.Cylinders))
            .Append(Ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(Ml.Regression.Trainers.Sdca(labelColumnName: nameof(Car.MilesPerGallon), maximumNumberOfIterations: 100))
            .Fit(carSplit.TrainSet);
        CarsTrain = carSplit.TrainSet;
        CarsTest = Ml.Data.CreateEnumerable<Car>(carSplit.TestSet, reuseRowObject: false).ToList();
        CarsZip = Save(CarsModel, CarsTrain.Schema);

        var vectors = Ml.Data.LoadFromEnumerable(SampleData.Cars().Select(c => new CarVector
        {
            Features = [c.Horsepower, c.Weight, c.Cylinders],
            MilesPerGallon = c.MilesPerGallon,
        }));
        var vectorModel = Ml.Transforms.NormalizeMeanVariance("Features")
            .Append(Ml.Regression.Trainers.Sdca(labelColumnName: nameof(CarVector.MilesPerGallon), maximumNumberOfIterations: 50))
            .Fit(vectors);
        CarVectorZip = Save(vectorModel, vectors.Schema);
    }

    public MLContext Ml { get; }

    public ITransformer PenguinsModel { get; }

    public IDataView PenguinsTrain { get; }

    public IReadOnlyList<Penguin> PenguinsTest { get; }

    public byte[] PenguinsZip { get; }

    public ITransformer CarsModel { get; }

    public IDataView CarsTrain { get; }

    public IReadOnlyList<Car> CarsTest { get; }

    public byte[] CarsZip { get; }

    /// <summary>A regression model whose input is one fixed-size vector column, <c>Features</c> (3 floats).</summary>
    public byte[] CarVectorZip { get; }

    private byte[] Save(ITransformer model, DataViewSchema schema)
    {
        using var stream = new MemoryStream();
        Ml.Model.Save(model, schema, stream);
        return stream.ToArray();
    }
}
