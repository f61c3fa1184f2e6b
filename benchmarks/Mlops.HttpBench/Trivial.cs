using System.Text.Json.Serialization;

namespace Mlops.HttpBench;

/// <summary>
/// The baseline: what a team would write by hand for the same two paths — bind the JSON body to a record with
/// System.Text.Json, answer a record of the same shape as Mlops' answer. No model: only Kestrel, routing and JSON.
/// </summary>
public static class Trivial
{
    public static void Map(WebApplication app)
    {
        // The scores the served model gives the benchmark's row, as doubles: both answers have the same bytes.
        var scores = new[] { 0.9880742430686951, 0.011368176899850368, 0.0005576206021942198 };
        app.MapPost("/mlops/models/penguins/predict", (Row row) =>
            new TypedAnswer("penguins", 1, "primary", new Output(row.BeakLength > 0 ? "Adelie" : "Gentoo", scores)));
        app.MapPost("/invocations", (SplitRequest request) =>
            new Predictions([.. request.DataframeSplit.Data.Select(r => new Output(r[0] > 0 ? "Adelie" : "Gentoo", scores))]));
    }

    public sealed record Row(float BeakLength, float BeakDepth, float FlipperLength, float BodyMass);

    public sealed record Output(
        [property: JsonPropertyName("PredictedSpecies")] string PredictedSpecies,
        [property: JsonPropertyName("Score")] double[] Score);

    public sealed record TypedAnswer(string Model, int Version, string Variant, Output Output);

    public sealed record Split(string[] Columns, float[][] Data);

    public sealed record SplitRequest([property: JsonPropertyName("dataframe_split")] Split DataframeSplit);

    public sealed record Predictions([property: JsonPropertyName("predictions")] Output[] Items);
}
