using PredictionApi.Model;
using System.Text.Json;
using Mlops.Serving;

namespace Mlops.HttpBench;

/// <summary>
/// For profiling, not a baseline: <see cref="Raw"/>'s hand-written HTTP handling around the same
/// <see cref="IPredictor{TIn, TOut}"/> that Mlops serves. raw → served is what the model and serving cost; served → mlops
/// is what Mlops.AspNetCore's endpoints cost (routing by key, the row binder, MLflow parsing, the output writer, guards).
/// </summary>
public static class Served
{
    public static void Map(WebApplication app)
    {
        var predictor = app.Services.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        app.MapPost("/mlops/models/penguins/predict", async context =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            var prediction = predictor.PredictWithDetails(Row(body.RootElement));
            context.Response.ContentType = "application/json; charset=utf-8";
            using var json = new Utf8JsonWriter(context.Response.BodyWriter);
            json.WriteStartObject();
            json.WriteString("model", prediction.ModelName);
            json.WriteNumber("version", prediction.Version);
            json.WriteString("variant", prediction.Variant);
            json.WritePropertyName("output");
            WriteOutput(json, prediction.Output);
            json.WriteEndObject();
            await json.FlushAsync(context.RequestAborted);
        });
        app.MapPost("/invocations", async context =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            var rows = body.RootElement.GetProperty("dataframe_split").GetProperty("data").EnumerateArray()
                .Select(r => new Penguin { BeakLength = r[0].GetSingle(), BeakDepth = r[1].GetSingle(), FlipperLength = r[2].GetSingle(), BodyMass = r[3].GetSingle() })
                .ToList();
            var outputs = predictor.PredictBatch(rows);
            context.Response.ContentType = "application/json; charset=utf-8";
            using var json = new Utf8JsonWriter(context.Response.BodyWriter);
            json.WriteStartObject();
            json.WriteStartArray("predictions");
            foreach (var output in outputs)
            {
                WriteOutput(json, output);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            await json.FlushAsync(context.RequestAborted);
        });
    }

    private static Penguin Row(JsonElement row) => new()
    {
        BeakLength = row.GetProperty("BeakLength").GetSingle(),
        BeakDepth = row.GetProperty("BeakDepth").GetSingle(),
        FlipperLength = row.GetProperty("FlipperLength").GetSingle(),
        BodyMass = row.GetProperty("BodyMass").GetSingle(),
    };

    private static void WriteOutput(Utf8JsonWriter json, SpeciesPrediction output)
    {
        json.WriteStartObject();
        json.WriteString("PredictedSpecies", output.PredictedSpecies);
        json.WriteStartArray("Score");
        foreach (var score in output.Score)
        {
            json.WriteNumberValue((double)score);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
