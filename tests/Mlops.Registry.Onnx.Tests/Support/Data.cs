using System.Text.Json;
using Microsoft.ML.Data;

namespace Mlops.Registry.Onnx.Tests;

public sealed class Penguin
{
    public string Species { get; set; } = "";

    public float BeakLength { get; set; }

    public float BeakDepth { get; set; }

    public float FlipperLength { get; set; }

    public float BodyMass { get; set; }
}

/// <summary>What a serving caller sends: the features, no label.</summary>
public sealed class PenguinFeatures
{
    public float BeakLength { get; set; }

    public float BeakDepth { get; set; }

    public float FlipperLength { get; set; }

    public float BodyMass { get; set; }
}

/// <summary>The output class written for the ML.NET model; the ONNX model binds it unchanged.</summary>
public sealed class SpeciesPrediction
{
    public string PredictedSpecies { get; set; } = "";

    public uint PredictedLabel { get; set; }

    public float[] Score { get; set; } = [];
}

public sealed class Car
{
    public float MilesPerGallon { get; set; }

    public float Horsepower { get; set; }

    public float Weight { get; set; }

    public float Cylinders { get; set; }
}

public sealed class MpgPrediction
{
    public float Score { get; set; }
}

/// <summary>The real data shipped under samples/data; JSON nulls become NaN.</summary>
public static class SampleData
{
    public static IReadOnlyList<Penguin> Penguins()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "data", "penguins.json")));
        return doc.RootElement.EnumerateArray().Select(e => new Penguin
        {
            Species = e.GetProperty("Species").GetString()!,
            BeakLength = Number(e, "Beak Length (mm)"),
            BeakDepth = Number(e, "Beak Depth (mm)"),
            FlipperLength = Number(e, "Flipper Length (mm)"),
            BodyMass = Number(e, "Body Mass (g)"),
        }).ToList();
    }

    /// <summary>Cars with every field the regression reads; rows with a null among them are skipped.</summary>
    public static IReadOnlyList<Car> Cars()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "data", "cars.json")));
        return doc.RootElement.EnumerateArray()
            .Select(e => new Car
            {
                MilesPerGallon = Number(e, "Miles_per_Gallon"),
                Horsepower = Number(e, "Horsepower"),
                Weight = Number(e, "Weight_in_lbs"),
                Cylinders = Number(e, "Cylinders"),
            })
            .Where(c => !float.IsNaN(c.MilesPerGallon) && !float.IsNaN(c.Horsepower) && !float.IsNaN(c.Weight) && !float.IsNaN(c.Cylinders))
            .ToList();
    }

    private static float Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetSingle() : float.NaN;
}
