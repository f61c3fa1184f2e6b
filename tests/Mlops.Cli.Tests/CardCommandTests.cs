namespace Mlops.Cli.Tests;

public sealed class CardCommandTests(TrainedModels models) : CliTest(models)
{
    [Fact]
    public async Task Show_prints_the_card_as_markdown()
    {
        var result = await Mlops("card", "show", $"{SeededStore.Model}/1", "--format", "md");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().StartWith("#").And.Contain(SeededStore.Model);
    }

    [Fact]
    public async Task Show_prints_the_card_as_json_for_an_alias()
    {
        var result = await Mlops("card", "show", $"models:/{SeededStore.Model}@champion", "--format", "json");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain(SeededStore.Model);
        result.Json().ValueKind.Should().Be(System.Text.Json.JsonValueKind.Object);
    }

    [Fact]
    public async Task Show_with_an_unknown_format_is_a_usage_error()
    {
        var result = await Mlops("card", "show", $"{SeededStore.Model}/1", "--format", "pdf");

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain("pdf");
    }
}
