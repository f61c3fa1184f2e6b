using Microsoft.Extensions.DependencyInjection;
using Mlops.Journal;
using Mlops.Registry;

namespace Mlops.Cli.Tests;

public sealed class ModelsCommandTests(TrainedModels models) : CliTest(models)
{
    [Fact]
    public async Task List_json_prints_each_model_with_its_latest_version_and_aliases()
    {
        var result = await Mlops("models", "list", "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        var model = result.Json().GetProperty("models").EnumerateArray().Single();
        model.GetProperty("name").GetString().Should().Be(SeededStore.Model);
        model.GetProperty("latestVersion").GetInt32().Should().Be(2);
        model.GetProperty("aliases").GetProperty("champion").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task Show_prints_the_model_and_its_versions()
    {
        var result = await Mlops("models", "show", SeededStore.Model, "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        var json = result.Json();
        json.GetProperty("model").GetProperty("createdBy").GetString().Should().Be(SeededStore.Seeder);
        json.GetProperty("versions").GetArrayLength().Should().Be(2);
    }

    [Fact]
    public async Task Versions_prints_each_version_with_its_run_and_aliases()
    {
        var result = await Mlops("models", "versions", SeededStore.Model, "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        var versions = result.Json().GetProperty("versions").EnumerateArray().ToList();
        versions.Select(v => v.GetProperty("version").GetInt32()).Should().Equal(1, 2);
        versions[0].GetProperty("aliases").EnumerateArray().Select(a => a.GetString()).Should().Equal("champion");
        versions[1].GetProperty("runId").GetString().Should().Be(Store.SecondRunId);
        versions[1].GetProperty("uri").GetString().Should().Be($"models:/{SeededStore.Model}/2");
        versions[1].GetProperty("flavor").GetString().Should().Be("mlnet");
    }

    [Fact]
    public async Task Versions_of_an_unknown_model_exits_3()
    {
        var result = await Mlops("models", "versions", "no-such-model");

        result.ExitCode.Should().Be(3, result.ToString());
        ShouldBeAMessage(result);
    }

    [Fact]
    public async Task Alias_set_moves_the_alias_and_journals_the_actor()
    {
        var result = await Mlops("models", "alias", "set", SeededStore.Model, "champion", "2", "--reason", "better accuracy", "--actor", "carol", "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Json().GetProperty("version").GetInt32().Should().Be(2);
        await using var sdk = await Store.OpenAsync("checker");
        var resolved = await sdk.Services.GetRequiredService<IModelRegistry>().ResolveAsync($"models:/{SeededStore.Model}@champion", TestContext.Current.CancellationToken);
        resolved.Version.Should().Be(2);
        var entries = await sdk.Services.GetRequiredService<IJournal>().QueryAsync(new JournalQuery { Kinds = [JournalKinds.ModelAliasSet] }, TestContext.Current.CancellationToken);
        entries[^1].Actor.Should().Be("carol");
    }

    [Fact]
    public async Task Alias_set_with_a_version_that_is_not_a_number_is_a_usage_error()
    {
        var result = await Mlops("models", "alias", "set", SeededStore.Model, "champion", "two");

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain("two");
    }
}
