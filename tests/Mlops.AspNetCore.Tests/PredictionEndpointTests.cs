using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Mlops.AspNetCore.Tests.TestSupport;

namespace Mlops.AspNetCore.Tests;

/// <summary>The prediction endpoints on a real Kestrel server on loopback, against the real served penguin model.</summary>
public sealed class PredictionEndpointTests(TrainedModels models) : IAsyncLifetime
{
    private PredictionApp? _app;

    private PredictionApp App => _app!;

    private List<Penguin> Rows => models.CompletePenguins.Take(6).ToList();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _app = await PredictionApp.StartAsync(models);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task One_row_is_answered_with_the_output_and_the_version_that_answered()
    {
        var penguin = Rows[0];

        using var response = await App.PostJsonAsync("/mlops/models/penguins/predict", Record(penguin));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await PredictionApp.JsonAsync(response);
        body.GetProperty("model").GetString().Should().Be("penguins");
        body.GetProperty("version").GetInt32().Should().Be(1);
        body.GetProperty("variant").GetString().Should().Be("primary");
        var expected = App.Predictor.Predict(penguin);
        body.GetProperty("output").GetProperty("PredictedSpecies").GetString().Should().Be(expected.PredictedSpecies);
        body.GetProperty("output").GetProperty("Score").EnumerateArray().Select(s => s.GetSingle()).Should().Equal(expected.Score);
        body.GetProperty("output").GetProperty("Score").EnumerateArray().Should().OnlyContain(s => s.GetRawText().Length <= 15,
            "a float is written in its shortest form (at most 9 significant digits), not widened to a 17-digit double");
    }

    [Fact]
    public async Task A_list_of_rows_is_answered_row_for_row()
    {
        using var response = await App.PostJsonAsync("/mlops/models/penguins/predict", "[" + string.Join(",", Rows.Select(Record)) + "]");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var predictions = (await PredictionApp.JsonAsync(response)).GetProperty("predictions").EnumerateArray().ToList();
        predictions.Select(p => p.GetProperty("output").GetProperty("PredictedSpecies").GetString()).Should().Equal(Expected());
        predictions.Should().OnlyContain(p => p.GetProperty("version").GetInt32() == 1);
    }

    // The four request bodies of MLflow's scoring protocol, in the shapes MLflow's "deploy a model locally" docs show
    // (split-oriented and record-oriented DataFrames, TF Serving's "instances" and "inputs"), with the penguin columns.
    public static TheoryData<string> MlflowBodies => new()
    {
        "split",
        "records",
        "instances-records",
        "instances-lists",
        "inputs-columns",
        "inputs-lists",
    };

    [Theory]
    [MemberData(nameof(MlflowBodies))]
    public async Task Every_mlflow_request_format_gets_the_models_predictions(string format)
    {
        var body = MlflowBody(format, Rows);

        using var viaGroup = await App.PostJsonAsync("/mlops/models/penguins/invocations", body);
        using var viaRoot = await App.PostJsonAsync("/invocations", body);

        foreach (var response in new[] { viaGroup, viaRoot })
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
            var predictions = (await PredictionApp.JsonAsync(response)).GetProperty("predictions").EnumerateArray().ToList();
            predictions.Select(p => p.GetProperty("PredictedSpecies").GetString()).Should().Equal(Expected());
            predictions.Should().OnlyContain(p => p.GetProperty("Score").GetArrayLength() == 3);
        }
    }

    [Fact]
    public async Task Mlflow_columns_the_model_does_not_read_are_dropped_and_a_missing_real_column_is_missing_not_zero()
    {
        var penguin = Rows[0];
        var body = $$"""
            {"dataframe_split": {"columns": ["Island", "BeakLength", "BeakDepth", "FlipperLength"],
             "data": [["Torgersen", {{N(penguin.BeakLength)}}, {{N(penguin.BeakDepth)}}, {{N(penguin.FlipperLength)}}]]} }
            """;

        using var response = await App.PostJsonAsync("/invocations", body);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var expected = App.Predictor.Predict(new Penguin
        {
            BeakLength = penguin.BeakLength,
            BeakDepth = penguin.BeakDepth,
            FlipperLength = penguin.FlipperLength,
            BodyMass = float.NaN,
        });
        (await PredictionApp.JsonAsync(response)).GetProperty("predictions")[0].GetProperty("PredictedSpecies").GetString()
            .Should().Be(expected.PredictedSpecies);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_a_400_problem_naming_the_column_value_and_rule()
    {
        using var response = await App.PostJsonAsync("/mlops/models/penguins/predict", """{"BeakLength": "long", "BeakDepth": 18.7}""");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await PredictionApp.JsonAsync(response);
        problem.GetProperty("status").GetInt32().Should().Be(400);
        problem.GetProperty("field").GetString().Should().Be("BeakLength");
        problem.GetProperty("value").GetString().Should().Be("\"long\"");
        problem.GetProperty("rule").GetString().Should().Contain("must be a number");
    }

    [Fact]
    public async Task An_unknown_column_is_refused_by_the_typed_endpoint_with_the_columns_listed()
    {
        using var response = await App.PostJsonAsync("/mlops/models/penguins/predict", """{"BeakLenght": 39.1}""");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await PredictionApp.JsonAsync(response);
        problem.GetProperty("detail").GetString().Should().Contain("'BeakLenght' is not an input column").And.Contain("BeakLength, BeakDepth");
    }

    [Fact]
    public async Task A_body_in_no_mlflow_format_gets_mlflows_error_code_and_message()
    {
        using var response = await App.PostJsonAsync("/invocations", """{"columns": ["BeakLength"], "data": [[39.1]]}""");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await PredictionApp.JsonAsync(response);
        problem.GetProperty("error_code").GetString().Should().Be("BAD_REQUEST");
        problem.GetProperty("message").GetString().Should()
            .Contain("exactly one of the input fields {'dataframe_records', 'dataframe_split', 'inputs', 'instances'}")
            .And.Contain("'columns', 'data'");
    }

    [Fact]
    public async Task Malformed_json_is_a_400_and_a_non_json_body_is_a_415()
    {
        using var malformed = await App.PostJsonAsync("/mlops/models/penguins/predict", """{"BeakLength": 39.1""");
        using var csv = await App.Client.PostAsync("/invocations", new StringContent("BeakLength\n39.1", Encoding.UTF8, "text/csv"), Ct);

        malformed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await PredictionApp.JsonAsync(malformed)).GetProperty("title").GetString().Should().Be("The request body is not valid JSON");
        csv.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (await PredictionApp.JsonAsync(csv)).GetProperty("detail").GetString().Should().Contain("text/csv");
    }

    [Fact]
    public async Task An_unknown_model_is_a_404_listing_the_served_ones()
    {
        using var response = await App.PostJsonAsync("/mlops/models/cars/predict", Record(Rows[0]));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await PredictionApp.JsonAsync(response)).GetProperty("servedModels").EnumerateArray().Select(k => k.GetString())
            .Should().Equal("penguins", "penguins-unset");
    }

    [Fact]
    public async Task A_model_with_no_version_loaded_is_a_503()
    {
        using var response = await App.PostJsonAsync("/mlops/models/penguins-unset/predict", Record(Rows[0]));

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await PredictionApp.JsonAsync(response)).GetProperty("key").GetString().Should().Be("penguins-unset");
    }

    [Fact]
    public async Task Status_ping_and_health_report_what_is_served()
    {
        var status = await PredictionApp.JsonAsync(await App.Client.GetAsync("/mlops/models/penguins", Ct));
        var all = await PredictionApp.JsonAsync(await App.Client.GetAsync("/mlops/models", Ct));
        using var ping = await App.Client.GetAsync("/ping", Ct);
        using var health = await App.Client.GetAsync("/mlops/health", Ct);

        status.GetProperty("live").GetProperty("version").GetInt32().Should().Be(1);
        status.GetProperty("alias").GetString().Should().Be("champion");
        all.EnumerateArray().Select(s => s.GetProperty("key").GetString()).Should().BeEquivalentTo("penguins", "penguins-unset");
        ping.StatusCode.Should().Be(HttpStatusCode.OK);
        // One served model has nothing loaded, so serving reports unhealthy and the health endpoint answers 503.
        health.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        var report = await PredictionApp.JsonAsync(health);
        report.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Should().Contain("mlops-serving");
    }

    private IEnumerable<string> Expected() => Rows.Select(r => App.Predictor.Predict(r).PredictedSpecies);

    private static string N(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Record(Penguin p) =>
        $$"""{"BeakLength": {{N(p.BeakLength)}}, "BeakDepth": {{N(p.BeakDepth)}}, "FlipperLength": {{N(p.FlipperLength)}}, "BodyMass": {{N(p.BodyMass)}}}""";

    private static string List(Penguin p) =>
        $"[\"{p.Species}\", {N(p.BeakLength)}, {N(p.BeakDepth)}, {N(p.FlipperLength)}, {N(p.BodyMass)}]";

    private static string MlflowBody(string format, IReadOnlyList<Penguin> rows) => format switch
    {
        "split" => $$"""
            {"dataframe_split": {"columns": ["BeakLength", "BeakDepth", "FlipperLength", "BodyMass"],
              "data": [{{string.Join(", ", rows.Select(p => $"[{N(p.BeakLength)}, {N(p.BeakDepth)}, {N(p.FlipperLength)}, {N(p.BodyMass)}]"))}}]} }
            """,
        "records" => $$"""{"dataframe_records": [{{string.Join(", ", rows.Select(Record))}}]}""",
        "instances-records" => $$"""{"instances": [{{string.Join(", ", rows.Select(Record))}}]}""",
        // Positional rows follow the input type's column order: Species, BeakLength, BeakDepth, FlipperLength, BodyMass.
        "instances-lists" => $$"""{"instances": [{{string.Join(", ", rows.Select(List))}}]}""",
        "inputs-columns" => $$"""
            {"inputs": {"BeakLength": [{{string.Join(", ", rows.Select(p => N(p.BeakLength)))}}], "BeakDepth": [{{string.Join(", ", rows.Select(p => N(p.BeakDepth)))}}],
              "FlipperLength": [{{string.Join(", ", rows.Select(p => N(p.FlipperLength)))}}], "BodyMass": [{{string.Join(", ", rows.Select(p => N(p.BodyMass)))}}]} }
            """,
        "inputs-lists" => $$"""{"inputs": [{{string.Join(", ", rows.Select(List))}}]}""",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}
