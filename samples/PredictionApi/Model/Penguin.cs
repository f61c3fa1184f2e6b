using System.Text.Json;

namespace PredictionApi.Model;

/// <summary>
/// The species model's input row: a penguin's four measurements. <see cref="Species"/> is the label the model was trained
/// on; callers leave it out (a missing string column is null, and the model does not read it to predict).
/// </summary>
public sealed class Penguin
{
    public string? Species { get; set; }

    public float BeakLength { get; set; }

    public float BeakDepth { get; set; }

    public float FlipperLength { get; set; }

    public float BodyMass { get; set; }

    public static readonly string[] Features = [nameof(BeakLength), nameof(BeakDepth), nameof(FlipperLength), nameof(BodyMass)];

    /// <summary>Reads samples/data/penguins.json (vega-datasets, CC0); JSON nulls become NaN.</summary>
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

/// <summary>The species model's answer: the species and the score of each of the three.</summary>
public sealed class SpeciesPrediction
{
    public string PredictedSpecies { get; set; } = "";

    public float[] Score { get; set; } = [];
}
