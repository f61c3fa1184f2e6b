using System.Text.Json;
using Microsoft.ML.Data;

namespace QuickStart;

/// <summary>One penguin from samples/data/penguins.json (vega-datasets; CC0). Missing measurements become NaN.</summary>
public sealed class Penguin
{
    public string Species { get; set; } = "";

    public float BeakLength { get; set; }

    public float BeakDepth { get; set; }

    public float FlipperLength { get; set; }

    public float BodyMass { get; set; }

    /// <summary>MALE or FEMALE; empty when unknown. Not a feature: used to check fairness.</summary>
    public string Sex { get; set; } = "";

    public static readonly string[] Features = [nameof(BeakLength), nameof(BeakDepth), nameof(FlipperLength), nameof(BodyMass)];

    public static List<Penguin> Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.EnumerateArray().Select(e => new Penguin
        {
            Species = e.GetProperty(nameof(Species)).GetString()!,
            BeakLength = Number(e, "Beak Length (mm)"),
            BeakDepth = Number(e, "Beak Depth (mm)"),
            FlipperLength = Number(e, "Flipper Length (mm)"),
            BodyMass = Number(e, "Body Mass (g)"),
            Sex = e.TryGetProperty(nameof(Sex), out var sex) && sex.ValueKind == JsonValueKind.String ? sex.GetString()! : "",
        }).ToList();
    }

    private static float Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetSingle() : float.NaN;
}

/// <summary>The model's answer.</summary>
public sealed class SpeciesPrediction
{
    [ColumnName("PredictedSpecies")]
    public string Species { get; set; } = "";
}
