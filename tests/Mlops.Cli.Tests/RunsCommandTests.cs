using System.Text.Json;

namespace Mlops.Cli.Tests;

public sealed class RunsCommandTests(TrainedModels models) : CliTest(models)
{
    [Fact]
    public async Task List_json_prints_every_run_with_its_params_and_latest_metrics()
    {
        var result = await Mlops("runs", "list", "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        var runs = result.Json().GetProperty("runs").EnumerateArray().ToList();
        runs.Select(r => r.GetProperty("runId").GetString()).Should().BeEquivalentTo([Store.FirstRunId, Store.SecondRunId]);
        var first = runs.Single(r => r.GetProperty("runId").GetString() == Store.FirstRunId);
        first.GetProperty("runName").GetString().Should().Be("sdca-baseline");
        first.GetProperty("experiment").GetString().Should().Be(SeededStore.Experiment);
        first.GetProperty("status").GetString().Should().Be("Finished");
        first.GetProperty("params").GetProperty("trainer").GetString().Should().Be("sdca");
        first.GetProperty("metrics").GetProperty("accuracy").GetDouble().Should().Be(0.91);
    }

    [Fact]
    public async Task List_prints_a_table_for_people()
    {
        var result = await Mlops("runs", "list");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("sdca-baseline").And.Contain("sdca-long").And.Contain(Store.FirstRunId).And.Contain("2 run(s)");
    }

    [Fact]
    public async Task Search_filters_runs_with_the_search_language()
    {
        var result = await Mlops("runs", "search", "metrics.accuracy > 0.93", "--experiment", SeededStore.Experiment, "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Json().GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("runId").GetString())
            .Should().Equal(Store.SecondRunId);
    }

    [Fact]
    public async Task Search_with_a_malformed_filter_is_a_usage_error_naming_the_problem()
    {
        var result = await Mlops("runs", "search", "metrics.accuracy >> 0.9");

        result.ExitCode.Should().Be(2, result.ToString());
        ShouldBeAMessage(result);
        result.Stderr.Should().Contain("metrics.accuracy >> 0.9");
    }

    [Fact]
    public async Task Show_prints_one_run_and_its_inputs_and_artifacts()
    {
        var result = await Mlops("runs", "show", Store.SecondRunId, "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        var json = result.Json();
        json.GetProperty("run").GetProperty("runName").GetString().Should().Be("sdca-long");
        json.GetProperty("run").GetProperty("params").GetProperty("seed").GetString().Should().Be("7");
        json.GetProperty("run").GetProperty("metrics").GetProperty("log_loss").GetDouble().Should().BeApproximately(0.05, 1e-9);
        json.GetProperty("inputs").ValueKind.Should().Be(JsonValueKind.Array);
        json.GetProperty("artifacts").ValueKind.Should().Be(JsonValueKind.Array);
    }

    [Fact]
    public async Task Show_of_an_unknown_run_exits_3()
    {
        var result = await Mlops("runs", "show", "no-such-run");

        result.ExitCode.Should().Be(3, result.ToString());
        ShouldBeAMessage(result);
        result.Stderr.Should().Contain("no-such-run");
    }

    [Fact]
    public async Task Compare_lists_params_and_metrics_side_by_side_and_marks_what_differs()
    {
        var result = await Mlops("runs", "compare", Store.FirstRunId, Store.SecondRunId, "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        var json = result.Json();
        json.GetProperty("params").GetProperty("trainer").GetProperty(Store.SecondRunId).GetString().Should().Be("sdca-long");
        json.GetProperty("metrics").GetProperty("accuracy").GetProperty(Store.FirstRunId).GetDouble().Should().Be(0.91);
        json.GetProperty("differing").EnumerateArray().Select(d => d.GetString())
            .Should().BeEquivalentTo(["params.trainer", "metrics.accuracy", "metrics.log_loss"]);
    }

    [Fact]
    public async Task Compare_needs_two_runs()
    {
        var result = await Mlops("runs", "compare", Store.FirstRunId);

        result.ExitCode.Should().Be(2, result.ToString());
    }
}
