using System.Text.Json;
using Microsoft.ML.Data;

namespace Mlops.Validation.Tests.Evaluation;

/// <summary>A penguin from samples/data/penguins.json; missing measurements are NaN, a missing sex is null.</summary>
public sealed class Penguin
{
    public string Species { get; set; } = string.Empty;

    public string Island { get; set; } = string.Empty;

    public float BeakLength { get; set; }

    public float BeakDepth { get; set; }

    public float FlipperLength { get; set; }

    public float BodyMass { get; set; }

    public string? Sex { get; set; }

    [ColumnName("Label")]
    public bool IsAdelie { get; set; }
}

internal static class PenguinData
{
    public static IReadOnlyList<Penguin> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "penguins.json")));
        return doc.RootElement.EnumerateArray().Select(e =>
        {
            var species = e.GetProperty("Species").GetString()!;
            return new Penguin
            {
                Species = species,
                Island = e.GetProperty("Island").GetString()!,
                BeakLength = Number(e, "Beak Length (mm)"),
                BeakDepth = Number(e, "Beak Depth (mm)"),
                FlipperLength = Number(e, "Flipper Length (mm)"),
                BodyMass = Number(e, "Body Mass (g)"),
                Sex = e.GetProperty("Sex").ValueKind == JsonValueKind.Null ? null : e.GetProperty("Sex").GetString(),
                IsAdelie = species == "Adelie",
            };
        }).ToList();
    }

    private static float Number(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Number ? e.GetProperty(name).GetSingle() : float.NaN;
}
