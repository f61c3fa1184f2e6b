using System.Text.Json;

namespace Mlops.Tests.Shared;

/// <summary>A penguin from samples/data/penguins.json (vega-datasets, CC0). Missing measurements are NaN.</summary>
public sealed class Penguin
{
    public string Species { get; set; } = "";

    public float BeakLength { get; set; }

    public float BeakDepth { get; set; }

    public float FlipperLength { get; set; }

    public float BodyMass { get; set; }
}

/// <summary>A car from samples/data/cars.json with every field the regressions read.</summary>
public sealed class Car
{
    public float Horsepower { get; set; }

    public float Weight { get; set; }

    public float Cylinders { get; set; }

    public float MilesPerGallon { get; set; }
}

/// <summary>
/// The real data sets shipped under samples/data, shared by every test project (linked, not copied): each project copies
/// the two JSON files to <c>data/</c> in its output.
/// </summary>
public static class SampleData
{
    public static string PenguinsPath => Path.Combine(AppContext.BaseDirectory, "data", "penguins.json");

    public static string CarsPath => Path.Combine(AppContext.BaseDirectory, "data", "cars.json");

    /// <summary>All 344 penguins; JSON nulls become NaN.</summary>
    public static List<Penguin> Penguins()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(PenguinsPath));
        return doc.RootElement.EnumerateArray().Select(e => new Penguin
        {
            Species = e.GetProperty("Species").GetString()!,
            BeakLength = Number(e, "Beak Length (mm)"),
            BeakDepth = Number(e, "Beak Depth (mm)"),
            FlipperLength = Number(e, "Flipper Length (mm)"),
            BodyMass = Number(e, "Body Mass (g)"),
        }).ToList();
    }

    /// <summary>The cars whose miles per gallon, horsepower, weight and cylinders are all present (392 of 406).</summary>
    public static List<Car> Cars()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(CarsPath));
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
