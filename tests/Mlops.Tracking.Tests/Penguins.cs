using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.Tracking.Tests;

public sealed class Penguin
{
    public string Species { get; set; } = "";

    public float BeakLength { get; set; }

    public float BeakDepth { get; set; }

    public float FlipperLength { get; set; }

    public float BodyMass { get; set; }
}

public sealed class SpeciesPrediction
{
    [ColumnName("PredictedSpecies")]
    public string PredictedSpecies { get; set; } = "";

    public float[] Score { get; set; } = [];
}

/// <summary>Loads the real penguins data shipped under samples/data (nulls become NaN) and trains a small model once.</summary>
public static class Penguins
{
    public static string DataPath => Path.Combine(AppContext.BaseDirectory, "data", "penguins.json");

    public static IReadOnlyList<Penguin> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(DataPath));
        return doc.RootElement.EnumerateArray().Select(e => new Penguin
        {
            Species = e.GetProperty("Species").GetString()!,
            BeakLength = Number(e, "Beak Length (mm)"),
            BeakDepth = Number(e, "Beak Depth (mm)"),
            FlipperLength = Number(e, "Flipper Length (mm)"),
            BodyMass = Number(e, "Body Mass (g)"),
        }).ToList();
    }

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

    private static float Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetSingle() : float.NaN;
}
