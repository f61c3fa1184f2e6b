using System.Text.Json;

namespace Mlops.HttpBench;

/// <summary>The served model's input row (samples/data/penguins.json); Species is the training label.</summary>
public sealed class Penguin
{
    public string? Species { get; set; }

    public float BeakLength { get; set; }

    public float BeakDepth { get; set; }

    public float FlipperLength { get; set; }

    public float BodyMass { get; set; }

    public static readonly string[] Features = [nameof(BeakLength), nameof(BeakDepth), nameof(FlipperLength), nameof(BodyMass)];

    public static List<Penguin> Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.EnumerateArray().Select(e => new Penguin
        {
            Species = e.GetProperty(nameof(Species)).GetString(),
            BeakLength = Number(e, "Beak Length (mm)"),
            BeakDepth = Number(e, "Beak Depth (mm)"),
            FlipperLength = Number(e, "Flipper Length (mm)"),
            BodyMass = Number(e, "Body Mass (g)"),
        }).ToList();
    }

    private static float Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetSingle() : float.NaN;
}

/// <summary>The served model's answer.</summary>
public sealed class SpeciesPrediction
{
    public string PredictedSpecies { get; set; } = "";

    public float[] Score { get; set; } = [];
}
