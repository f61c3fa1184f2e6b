using System.Text.Json;
using Microsoft.ML.Data;

namespace Mlops.Registry.Tests;

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
    public string PredictedSpecies { get; set; } = "";

    public float[] Score { get; set; } = [];
}

public sealed class SpeciesOnly
{
    public string PredictedSpecies { get; set; } = "";
}

public sealed class Car
{
    public float Horsepower { get; set; }

    public float Weight { get; set; }

    public float Cylinders { get; set; }

    public float MilesPerGallon { get; set; }
}

public sealed class MpgPrediction
{
    [ColumnName("Score")]
    public float Mpg { get; set; }
}

public sealed class CarVector
{
    [VectorType(3)]
    public float[] Features { get; set; } = [];

    public float MilesPerGallon { get; set; }
}

/// <summary>Reads the real data sets shipped under samples/data.</summary>
public static class Data
{
    public static string PenguinsPath => Path.Combine(AppContext.BaseDirectory, "data", "penguins.json");

    public static string CarsPath => Path.Combine(AppContext.BaseDirectory, "data", "cars.json");

    /// <summary>Penguins with a species; missing measurements become NaN (the pipeline replaces them).</summary>
    public static List<Penguin> Penguins()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(PenguinsPath));
        return doc.RootElement.EnumerateArray()
            .Where(e => e.TryGetProperty("Species", out var s) && s.ValueKind == JsonValueKind.String)
            .Select(e => new Penguin
            {
                Species = e.GetProperty("Species").GetString()!,
                BeakLength = Number(e, "Beak Length (mm)") ?? float.NaN,
                BeakDepth = Number(e, "Beak Depth (mm)") ?? float.NaN,
                FlipperLength = Number(e, "Flipper Length (mm)") ?? float.NaN,
                BodyMass = Number(e, "Body Mass (g)") ?? float.NaN,
            }).ToList();
    }

    /// <summary>Cars with miles per gallon, horsepower, weight and cylinders all present (rows with nulls are skipped).</summary>
    public static List<Car> Cars()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(CarsPath));
        var cars = new List<Car>();
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            if (Number(e, "Miles_per_Gallon") is { } mpg && Number(e, "Horsepower") is { } hp
                && Number(e, "Weight_in_lbs") is { } weight && Number(e, "Cylinders") is { } cylinders)
            {
                cars.Add(new Car { MilesPerGallon = mpg, Horsepower = hp, Weight = weight, Cylinders = cylinders });
            }
        }

        return cars;
    }

    private static float? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetSingle() : null;
}
