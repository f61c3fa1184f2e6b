namespace Mlops.Cli.Tests;

public sealed class DoctorCommandTests(TrainedModels models) : CliTest(models)
{
    [Fact]
    public async Task A_healthy_store_passes_every_check()
    {
        var result = await Mlops("doctor", "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        var json = result.Json();
        json.GetProperty("healthy").GetBoolean().Should().BeTrue();
        json.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString())
            .Should().Equal("configuration", "store", "journal", "artifacts");
        json.GetProperty("checks")[1].GetProperty("detail").GetString().Should().Contain("schema version");
    }

    [Fact]
    public async Task A_missing_model_file_fails_the_artifacts_check()
    {
        var file = Directory.EnumerateFiles(Store.Artifacts, "*", SearchOption.AllDirectories).First();
        File.Delete(file);

        var result = await Mlops("doctor", "--json");

        result.ExitCode.Should().Be(1, result.ToString());
        var artifacts = result.Json().GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "artifacts");
        artifacts.GetProperty("ok").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task A_tampered_journal_fails_the_journal_check()
    {
        await Store.ExecuteSqlAsync("UPDATE journal SET subject = 'elsewhere' WHERE sequence = 3");

        var result = await Mlops("doctor");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stdout.Should().Contain("FAIL").And.Contain("broken at entry 3");
    }
}
