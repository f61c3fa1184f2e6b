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
    public async Task Without_a_store_the_tool_opens_the_embedded_default_of_the_current_folder()
    {
        // An app's folder whose .mlops is the seeded store (a link, so the seeded folder stays where the fixture deletes it).
        var folder = Directory.CreateTempSubdirectory("mlops-cli-app-").FullName;
        var link = Path.Combine(folder, ".mlops");
        Directory.CreateSymbolicLink(link, Store.Folder);
        try
        {
            var result = await MlopsProcess.RunInAsync(folder, "models", "list", "--json");
            var doctor = await MlopsProcess.RunInAsync(folder, "doctor", "--json");

            result.ExitCode.Should().Be(0, result.ToString());
            result.Json().GetProperty("models").GetArrayLength().Should().Be(1);
            doctor.ExitCode.Should().Be(0, doctor.ToString());
            doctor.Stdout.Should().Contain("embedded default").And.Contain(Path.Combine(folder, ".mlops", "mlops.db"));
        }
        finally
        {
            File.Delete(link); // the link only, never what it points to
            Directory.Delete(folder);
        }
    }

    [Fact]
    public async Task Without_a_store_and_no_dot_mlops_here_the_tool_exits_3_says_what_to_give_and_creates_nothing()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Store.Folder, "empty")).FullName;

        var result = await MlopsProcess.RunInAsync(folder, "runs", "list");

        result.ExitCode.Should().Be(3, result.ToString());
        ShouldBeAMessage(result);
        result.Stderr.Should().Contain(Path.Combine(folder, ".mlops", "mlops.db")).And.Contain("--store").And.Contain("--config");
        Directory.Exists(Path.Combine(folder, ".mlops")).Should().BeFalse();
    }

    [Theory]
    [InlineData("postgres://ci:s3cret@127.0.0.1:1/mlops?sslmode=disable&search_path=x", "search_path")]
    [InlineData("postgresql://ci:s3cret@127.0.0.1:1/mlops?sslmode=sometimes", "sslmode=sometimes")]
    [InlineData("postgres://ci:s3cret@/mlops", "postgres://user:password@host")]
    public async Task A_postgres_uri_that_breaks_a_rule_names_it_and_never_prints_the_password(string uri, string named)
    {
        var result = await MlopsProcess.RunAsync("runs", "list", "--store", uri);

        result.ExitCode.Should().Be(2, result.ToString());
        ShouldBeAMessage(result);
        result.Stderr.Should().Contain(named).And.Contain("ci:***@").And.NotContain("s3cret");
    }

    [Fact]
    public async Task A_postgres_uri_is_read_as_its_parts()
    {
        // Nothing listens on port 1: the tool gets as far as connecting, and doctor reports the parts it connected with.
        var result = await MlopsProcess.RunAsync("doctor", "--json", "--store", "postgres://ci:p%40ss@127.0.0.1:1/ml%2Dops?sslmode=disable&connect_timeout=2",
            "--artifacts", Path.Combine(Store.Folder, "pg-artifacts"));

        result.ExitCode.Should().NotBe(0, result.ToString());
        result.Stdout.Should().Contain("Host=127.0.0.1").And.Contain("Port=1").And.Contain("Database=ml-ops").And.NotContain("p@ss");
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
