namespace Mlops.Cli.Tests;

public sealed class ConnectionTests(TrainedModels models) : CliTest(models)
{
    [Fact]
    public async Task Config_reads_the_store_from_the_section_apps_bind_with_paths_relative_to_the_file()
    {
        var config = Path.Combine(Store.Folder, "appsettings.json");
        await File.WriteAllTextAsync(config, """
            {
              "Mlops": {
                "Sqlite": { "ConnectionString": "Data Source=mlops.db" },
                "FileSystemArtifacts": { "RootPath": "artifacts" }
              }
            }
            """, TestContext.Current.CancellationToken);

        var result = await MlopsProcess.RunAsync("models", "list", "--json", "--config", config);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Json().GetProperty("models").GetArrayLength().Should().Be(1);
        var doctor = await MlopsProcess.RunAsync("doctor", "--json", "--config", config);
        doctor.ExitCode.Should().Be(0, doctor.ToString());
    }

    [Fact]
    public async Task Config_reads_a_named_section_and_the_connection_strings_of_the_samples()
    {
        var config = Path.Combine(Store.Folder, "app.json");
        await File.WriteAllTextAsync(config, """
            {
              "ConnectionStrings": { "Store": "Data Source=mlops.db" },
              "Store": { "ArtifactsPath": "artifacts" }
            }
            """, TestContext.Current.CancellationToken);

        var result = await MlopsProcess.RunAsync("runs", "list", "--json", "--config", config, "--section", "Store");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Json().GetProperty("runs").GetArrayLength().Should().Be(2);
    }

    [Fact]
    public async Task Without_a_store_the_tool_exits_2_and_says_what_to_give()
    {
        var result = await MlopsProcess.RunAsync("runs", "list");

        result.ExitCode.Should().Be(2, result.ToString());
        ShouldBeAMessage(result);
        result.Stderr.Should().Contain("--store");
    }

    [Fact]
    public async Task A_store_file_that_does_not_exist_exits_3_and_is_not_created()
    {
        var missing = Path.Combine(Store.Folder, "missing.db");

        var result = await MlopsProcess.RunAsync("models", "list", "--store", missing);

        result.ExitCode.Should().Be(3, result.ToString());
        result.Stderr.Should().Contain(missing);
        File.Exists(missing).Should().BeFalse();
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error()
    {
        var result = await Mlops("models", "list", "--colour");

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain("--colour");
    }

    [Fact]
    public async Task A_connection_string_for_neither_provider_names_the_rule()
    {
        var result = await MlopsProcess.RunAsync("models", "list", "--store", "Foo=bar");

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain("Foo=bar").And.Contain("Host");
    }

    [Fact]
    public async Task Help_lists_every_command_and_exits_0()
    {
        var result = await MlopsProcess.RunAsync("--help");

        result.ExitCode.Should().Be(0, result.ToString());
        foreach (var command in new[] { "runs", "models", "journal", "promote", "card", "store", "doctor" })
        {
            result.Stdout.Should().Contain(command);
        }
    }

    [Fact]
    public async Task No_command_is_a_usage_error()
    {
        var result = await MlopsProcess.RunAsync();

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain("mlops --help");
    }
}
