using Microsoft.ML;
using Microsoft.ML.Data;
using Mlops.Tests.Shared;

[assembly: AssemblyFixture(typeof(TrainedModels))]

namespace Mlops.Tests.Shared;

/// <summary>
/// Real ML.NET models trained once per test assembly on the repository's penguins and cars data (seeded), shared by the
/// serving and governance tests (linked, not copied).
/// </summary>
public sealed class TrainedModels
{
    public static readonly string[] Features = [nameof(Penguin.BeakLength), nameof(Penguin.BeakDepth), nameof(Penguin.FlipperLength), nameof(Penguin.BodyMass)];

    public TrainedModels()
    {
        Ml = new MLContext(seed: 7);
        Penguins = SampleData.Penguins();
        var data = Ml.Data.LoadFromEnumerable(Penguins);
        var split = Ml.Data.TrainTestSplit(data, testFraction: 0.3, seed: 7);
        PenguinsTrain = split.TrainSet;
        PenguinsTest = Ml.Data.CreateEnumerable<Penguin>(split.TestSet, reuseRowObject: false).ToList();

        // The champion: all four measurements.
        PenguinsZip = Save(Pipeline(Features).Fit(split.TrainSet), split.TrainSet.Schema);

        // A weaker challenger that only reads the beak: it disagrees with the champion on some rows.
        BeakOnlyZip = Save(Pipeline([nameof(Penguin.BeakLength), nameof(Penguin.BeakDepth)]).Fit(split.TrainSet), split.TrainSet.Schema);

        // A regression over cars: its schema does not fit Penguin → SpeciesPrediction, so serving it must fail.
        var cars = Ml.Data.LoadFromEnumerable(SampleData.Cars());
        var carsModel = Ml.Transforms.Concatenate("Features", nameof(Car.Horsepower), nameof(Car.Weight), nameof(Car.Cylinders))
            .Append(Ml.Regression.Trainers.Sdca(labelColumnName: nameof(Car.MilesPerGallon), maximumNumberOfIterations: 20))
            .Fit(cars);
        CarsZip = Save(carsModel, cars.Schema);
    }

    public MLContext Ml { get; }

    public List<Penguin> Penguins { get; }

    public IDataView PenguinsTrain { get; }

    public IReadOnlyList<Penguin> PenguinsTest { get; }

    public byte[] PenguinsZip { get; }

    public byte[] BeakOnlyZip { get; }

    public byte[] CarsZip { get; }

    /// <summary>Penguins with every measurement present.</summary>
    public IReadOnlyList<Penguin> CompletePenguins => Penguins.Where(p => !float.IsNaN(p.BodyMass) && !float.IsNaN(p.BeakLength)).ToList();

    private EstimatorChain<Microsoft.ML.Transforms.KeyToValueMappingTransformer> Pipeline(string[] features) => Pipeline(Ml, features);

    /// <summary>The training pipeline the fixture's models use: species as label, missing values replaced, min-max, SDCA.</summary>
    public static EstimatorChain<Microsoft.ML.Transforms.KeyToValueMappingTransformer> Pipeline(MLContext ml, string[] features) =>
        ml.Transforms.Conversion.MapValueToKey("Label", nameof(Penguin.Species))
            .Append(ml.Transforms.ReplaceMissingValues(features.Select(f => new InputOutputColumnPair(f)).ToArray()))
            .Append(ml.Transforms.Concatenate("Features", features))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel"));

    private byte[] Save(ITransformer model, DataViewSchema schema)
    {
        using var stream = new MemoryStream();
        Ml.Model.Save(model, schema, stream);
        return stream.ToArray();
    }
}

public sealed class SpeciesPrediction
{
    public string PredictedSpecies { get; set; } = "";

    public float[] Score { get; set; } = [];
}
