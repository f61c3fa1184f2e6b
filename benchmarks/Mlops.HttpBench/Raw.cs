using System.Text.Json;

namespace Mlops.HttpBench;

/// <summary>
/// The floor: the least work a Kestrel JSON endpoint can do for the same paths — parse the body into a
/// <see cref="JsonDocument"/>, read one value, write the same answer as Mlops with a <see cref="Utf8JsonWriter"/> straight
/// onto the response pipe (what Mlops.AspNetCore does around the model). No binding layer, no serializer, no model.
/// </summary>
public static class Raw
{
    private static readonly double[] Scores = [0.9880742430686951, 0.011368176899850368, 0.0005576206021942198];

    public static void Map(WebApplication app)
    {
        app.MapPost("/mlops/models/penguins/predict", async context =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            var species = body.RootElement.GetProperty("BeakLength").GetSingle() > 0 ? "Adelie" : "Gentoo";
            context.Response.ContentType = "application/json; charset=utf-8";
            using var json = new Utf8JsonWriter(context.Response.BodyWriter);
            json.WriteStartObject();
            json.WriteString("model", "penguins");
            json.WriteNumber("version", 1);
            json.WriteString("variant", "primary");
            json.WritePropertyName("output");
            WriteOutput(json, species);
            json.WriteEndObject();
            await json.FlushAsync(context.RequestAborted);
        });
        app.MapPost("/invocations", async context =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            var rows = body.RootElement.GetProperty("dataframe_split").GetProperty("data");
            context.Response.ContentType = "application/json; charset=utf-8";
            using var json = new Utf8JsonWriter(context.Response.BodyWriter);
            json.WriteStartObject();
            json.WriteStartArray("predictions");
            foreach (var row in rows.EnumerateArray())
            {
                WriteOutput(json, row[0].GetSingle() > 0 ? "Adelie" : "Gentoo");
            }

            json.WriteEndArray();
            json.WriteEndObject();
            await json.FlushAsync(context.RequestAborted);
        });
    }

    private static void WriteOutput(Utf8JsonWriter json, string species)
    {
        json.WriteStartObject();
        json.WriteString("PredictedSpecies", species);
        json.WriteStartArray("Score");
        foreach (var score in Scores)
        {
            json.WriteNumberValue(score);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
