using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.Tracking.Tests;

public sealed class SpeciesPrediction
{
    [ColumnName("PredictedSpecies")]
    public string PredictedSpecies { get; set; } = "";

    public float[] Score { get; set; } = [];
}

/// <summary>Loads the real penguins data shipped under samples/data (nulls become NaN) and trains a small model once.</summary>
public static class Penguins
{
    public static string DataPath => SampleData.PenguinsPath;

    public static List<Penguin> Load() => SampleData.Penguins();

    public static (MLContext Ml, ITransformer Model, IDataView Train, IDataView Test) Train()
    {
        var ml = new MLContext(seed: 7);
        var data = ml.Data.LoadFromEnumerable(Load());
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.3, seed: 7);
        string[] features = [nameof(Penguin.BeakLength), nameof(Penguin.BeakDepth), nameof(Penguin.FlipperLength), nameof(Penguin.BodyMass)];
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", nameof(Penguin.Species))
            .Append(ml.Transforms.ReplaceMissingValues(features.Select(f => new InputOutputColumnPair(f)).ToArray()))
            .Append(ml.Transforms.Concatenate("Features", features))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel"));
        return (ml, pipeline.Fit(split.TrainSet), split.TrainSet, split.TestSet);
    }
}
