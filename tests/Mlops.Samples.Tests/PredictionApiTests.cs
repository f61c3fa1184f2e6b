using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PredictionApi.Model;

namespace Mlops.Samples.Tests;

/// <summary>
/// samples/PredictionApi as a newcomer runs it: a real process over an empty store (so its seeding step trains and
/// registers the species model), called over HTTP with request bodies in the shapes MLflow's documentation shows.
/// </summary>
public sealed class PredictionApiTests : IDisposable
{
    private readonly string _store = Path.Combine(Path.GetTempPath(), "mlops-prediction-api-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The first penguin of each species in samples/data/penguins.json, as MLflow's split-oriented DataFrame
    // ({"dataframe_split": {"columns": [...], "data": [[...], ...]}}, MLflow's "deploy a model locally" docs).
    private const string SplitBody = """
        {"dataframe_split": {
          "columns": ["BeakLength", "BeakDepth", "FlipperLength", "BodyMass"],
          "data": [[39.1, 18.7, 181, 3750], [46.5, 17.9, 192, 3500], [46.1, 13.2, 211, 4500]]
        }}
        """;

    [Fact]
    public async Task A_fresh_store_is_seeded_and_mlflow_bodies_get_the_species_back()
    {
        var (app, client) = await StartAsync();
        await using (app)
        using (client)
        {
            using var ping = await client.GetAsync("/ping", Ct);
            ping.StatusCode.Should().Be(HttpStatusCode.OK, "the seeding step registers the model before Kestrel listens:\n" + app.Output);
            app.Output.Should().Contain("Seeded model penguin-species").And.Contain("alias champion set");

            var split = await PredictAsync(client, SplitBody);
            split.Select(p => p.Species).Should().Equal("Adelie", "Chinstrap", "Gentoo");
            split.Should().OnlyContain(p => p.Scores.Length == 3 && Math.Abs(p.Scores.Sum() - 1) < 1e-3);

            // Every complete penguin of the data set, as MLflow's columnar "inputs" ({"inputs": {"column": [values]}}).
            var penguins = Penguin.Load(Path.Combine(AppContext.BaseDirectory, "data", "penguins.json"))
                .Where(p => Penguin.Features.All(f => !float.IsNaN(Value(p, f))))
                .ToList();
            var inputs = await PredictAsync(client, InputsBody(penguins));
            inputs.Should().HaveCount(penguins.Count);
            var correct = inputs.Zip(penguins).Count(pair => pair.First.Species == pair.Second.Species);
            ((double)correct / penguins.Count).Should().BeGreaterThan(0.95, "the model predicts the recorded species of nearly every penguin");
            var firstOfEach = new[] { "Adelie", "Chinstrap", "Gentoo" }.Select(species => penguins.FindIndex(p => p.Species == species));
            firstOfEach.Select(i => inputs[i].Species).Should().Equal(split.Select(p => p.Species), "the same rows as split and as columnar inputs get the same answers");

            // The app's own endpoint calls the same served model in-process.
            using var sighting = await client.PostAsJsonAsync("/api/sightings",
                new { island = "Biscoe", observer = "field team", beakLength = 46.1, beakDepth = 13.2, flipperLength = 211, bodyMass = 4500 }, Ct);
            sighting.StatusCode.Should().Be(HttpStatusCode.Created);
            (await sighting.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("suggestedSpecies").GetString().Should().Be("Gentoo");

            var health = await client.GetFromJsonAsync<JsonElement>("/mlops/health", Ct);
            health.GetProperty("status").GetString().Should().Be("Healthy");
            using var dashboard = await client.GetAsync("/mlops/dashboard/models/penguin-species", Ct);
            dashboard.StatusCode.Should().Be(HttpStatusCode.OK, "the dashboard is mounted and a loopback request is local");
            (await dashboard.Content.ReadAsStringAsync(Ct)).Should().Contain("champion");
            var status = await client.GetFromJsonAsync<JsonElement>("/mlops/models/penguins", Ct);
            status.GetProperty("modelName").GetString().Should().Be("penguin-species");
            status.GetProperty("live").GetProperty("version").GetInt32().Should().Be(1);
        }
    }

    [Fact]
    public async Task A_second_start_on_the_same_store_serves_the_registered_model_without_training_again()
    {
        var (first, firstClient) = await StartAsync();
        await using (first)
        using (firstClient)
        {
            (await PredictAsync(firstClient, SplitBody)).Should().HaveCount(3);
        }

        var (second, client) = await StartAsync();
        await using (second)
        using (client)
        {
            second.Output.Should().NotContain("Seeded model", "a store that has the model is never changed");
            var answers = await PredictAsync(client, SplitBody);
            answers.Select(p => p.Species).Should().Equal("Adelie", "Chinstrap", "Gentoo");
            var status = await client.GetFromJsonAsync<JsonElement>("/mlops/models/penguins", Ct);
            status.GetProperty("live").GetProperty("version").GetInt32().Should().Be(1, "the first start's version is still the one served");

            // MLflow's error shape for a body in none of its formats.
            using var bad = await client.PostAsync("/invocations", new StringContent("""{"rows": [[1, 2, 3, 4]]}""", Encoding.UTF8, "application/json"), Ct);
            bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("error_code").GetString().Should().Be("BAD_REQUEST");
        }

    }

    private Task<(SampleProcess, HttpClient)> StartAsync() =>
        SampleProcess.StartAsync("PredictionApi.dll", new Dictionary<string, string>
        {
            ["ConnectionStrings__Mlops"] = $"Data Source={Path.Combine(_store, "mlops.db")}",
            ["Mlops__ArtifactsPath"] = Path.Combine(_store, "artifacts"),
        }, Ct);

    private static async Task<List<(string Species, float[] Scores)>> PredictAsync(HttpClient client, string body)
    {
        using var response = await client.PostAsync("/invocations", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("predictions").EnumerateArray()
            .Select(p => (p.GetProperty("PredictedSpecies").GetString()!, p.GetProperty("Score").EnumerateArray().Select(s => s.GetSingle()).ToArray()))
            .ToList();
    }

    private static string InputsBody(IReadOnlyList<Penguin> rows)
    {
        string Column(string name) => $"\"{name}\": [{string.Join(", ", rows.Select(p => Value(p, name).ToString("R", CultureInfo.InvariantCulture)))}]";
        return $"{{\"inputs\": {{{string.Join(", ", Penguin.Features.Select(Column))}}}}}";
    }

    private static float Value(Penguin p, string feature) => feature switch
    {
        nameof(Penguin.BeakLength) => p.BeakLength,
        nameof(Penguin.BeakDepth) => p.BeakDepth,
        nameof(Penguin.FlipperLength) => p.FlipperLength,
        nameof(Penguin.BodyMass) => p.BodyMass,
        _ => throw new ArgumentOutOfRangeException(nameof(feature)),
    };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_store))
        {
            Directory.Delete(_store, recursive: true);
        }
    }
}
