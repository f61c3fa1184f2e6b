namespace Mlops.Cli.Tests;

/// <summary>SQLite → SQLite through MlopsStoreCopy (the PostgreSQL side is the same code path with another provider).</summary>
public sealed class StoreCommandTests(TrainedModels models) : CliTest(models)
{
    [Fact]
    public async Task Export_copies_runs_models_journal_and_artifacts_into_a_new_store()
    {
        var target = NewTarget("copy");

        var result = await Mlops("store", "export", "--to", target, "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        var json = result.Json();
        json.GetProperty("targetVerified").GetBoolean().Should().BeTrue();
        json.GetProperty("artifactsCopied").GetInt32().Should().BeGreaterThanOrEqualTo(2);
        var source = (await Mlops("journal", "verify", "--json")).Json();
        json.GetProperty("journalEntries").GetInt64().Should().Be(source.GetProperty("entriesChecked").GetInt64());

        var copied = await MlopsProcess.RunAsync("runs", "list", "--json", "--store", target);
        copied.ExitCode.Should().Be(0, copied.ToString());
        copied.Json().GetProperty("runs").GetArrayLength().Should().Be(2);
        var doctor = await MlopsProcess.RunAsync("doctor", "--json", "--store", target);
        doctor.ExitCode.Should().Be(0, doctor.ToString());
    }

    [Fact]
    public async Task Export_to_a_redirected_terminal_reports_progress_on_stderr_table_by_table_and_the_result_on_stdout()
    {
        var target = NewTarget("copy");

        var result = await Mlops("store", "export", "--to", target);

        result.ExitCode.Should().Be(0, result.ToString());
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.Should().Contain(l => l.StartsWith("copying runs: 2 rows", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("copying journal: ", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("copying artifacts: ", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("committing ", StringComparison.Ordinal));
        lines[^1].Should().StartWith("verifying the target's journal");
        lines.Should().OnlyHaveUniqueItems("each table is reported once when it is done");
        result.Stdout.Should().Contain("Copied").And.NotContain("copying");
    }

    [Fact]
    public async Task Export_with_json_prints_no_progress()
    {
        var target = NewTarget("copy");

        var result = await Mlops("store", "export", "--to", target, "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stderr.Should().BeEmpty();
    }

    [Fact]
    public async Task Import_copies_another_store_into_the_connected_one()
    {
        var target = NewTarget("imported");

        var result = await MlopsProcess.RunAsync("store", "import", "--from", Store.Database, "--from-artifacts", Store.Artifacts, "--store", target);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("Copied");
        var versions = await MlopsProcess.RunAsync("models", "versions", SeededStore.Model, "--json", "--store", target);
        versions.Json().GetProperty("versions").GetArrayLength().Should().Be(2);
    }

    [Fact]
    public async Task Export_refuses_a_source_whose_journal_was_tampered_with()
    {
        var target = NewTarget("copy");
        await Store.ExecuteSqlAsync("UPDATE journal SET actor = 'mallory' WHERE sequence = 1");

        var result = await Mlops("store", "export", "--to", target);

        result.ExitCode.Should().Be(5, result.ToString());
        // Progress lines of the tables copied before the check failed may come first; the error is one line after them.
        var error = result.Stderr.Split('\n').Single(l => l.StartsWith("error: ", StringComparison.Ordinal));
        error.Should().Contain("Nothing was copied");
        result.Stderr.Should().NotContain("   at ", "errors print the value and the rule, not a stack trace");
    }

    /// <summary>A SQLite file path in a new folder of the seeded store's folder, for the copy's target.</summary>
    private string NewTarget(string folder)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Store.Folder, folder)).FullName;
        return Path.Combine(directory, "mlops.db");
    }
}
