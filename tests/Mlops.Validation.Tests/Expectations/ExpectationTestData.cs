using System.Text.Json;

namespace Mlops.Validation.Tests.Expectations;

public sealed class Row
{
    public double Value { get; set; }

    public string? Name { get; set; }

    public bool? Flag { get; set; }
}

public sealed class Penguin
{
    public string? Species { get; set; }

    public string? Island { get; set; }

    public float BeakLength { get; set; }

    public float BeakDepth { get; set; }

    public float FlipperLength { get; set; }

    public float BodyMass { get; set; }

    public string? Sex { get; set; }

    public Penguin Copy() => (Penguin)MemberwiseClone();
}

public sealed class WithVector
{
    public float Score { get; set; }

    [Microsoft.ML.Data.VectorType(3)]
    public float[] Features { get; set; } = new float[3];
}

internal static class ExpectationTestData
{
    public static List<Row> Rows(params double[] values) =>
        values.Select((v, i) => new Row { Value = v, Name = "n" + i, Flag = i % 2 == 0 }).ToList();

    public static List<Penguin> Penguins()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "penguins.json")));
        return doc.RootElement.EnumerateArray().Select(e => new Penguin
        {
            Species = Text(e, "Species"),
            Island = Text(e, "Island"),
            BeakLength = Number(e, "Beak Length (mm)"),
            BeakDepth = Number(e, "Beak Depth (mm)"),
            FlipperLength = Number(e, "Flipper Length (mm)"),
            BodyMass = Number(e, "Body Mass (g)"),
            Sex = Text(e, "Sex"),
        }).ToList();
    }

    private static string? Text(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();

    private static float Number(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? float.NaN : e.GetProperty(name).GetSingle();
}
