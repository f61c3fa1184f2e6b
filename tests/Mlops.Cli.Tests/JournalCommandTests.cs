namespace Mlops.Cli.Tests;

public sealed class JournalCommandTests(TrainedModels models) : CliTest(models)
{
    [Fact]
    public async Task Verify_passes_on_an_untouched_store()
    {
        var result = await Mlops("journal", "verify", "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        var json = result.Json();
        json.GetProperty("valid").GetBoolean().Should().BeTrue();
        json.GetProperty("entriesChecked").GetInt64().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Verify_exits_1_and_names_the_entry_when_a_row_was_edited_in_the_file()
    {
        await Store.ExecuteSqlAsync("UPDATE journal SET actor = 'mallory' WHERE sequence = 2");

        var result = await Mlops("journal", "verify", "--json");

        result.ExitCode.Should().Be(1, result.ToString());
        var json = result.Json();
        json.GetProperty("valid").GetBoolean().Should().BeFalse();
        json.GetProperty("firstBrokenSequence").GetInt64().Should().Be(2);

        var table = await Mlops("journal", "verify");
        table.ExitCode.Should().Be(1);
        table.Stdout.Should().Contain("Journal broken").And.Contain("2");
    }

    [Fact]
    public async Task Tail_prints_the_latest_entries_up_to_the_head()
    {
        var verify = (await Mlops("journal", "verify", "--json")).Json();
        var head = verify.GetProperty("head").GetProperty("sequence").GetInt64();

        var result = await Mlops("journal", "tail", "-n", "2", "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        var entries = result.Json().GetProperty("entries").EnumerateArray().ToList();
        entries.Select(e => e.GetProperty("sequence").GetInt64()).Should().Equal(head - 1, head);
        entries[^1].GetProperty("kind").GetString().Should().Be("model.alias.set");
        entries[^1].GetProperty("actor").GetString().Should().Be(SeededStore.Seeder);
    }

    [Fact]
    public async Task Tail_filters_by_kind()
    {
        var result = await Mlops("journal", "tail", "--kind", "model.version.registered", "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Json().GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("kind").GetString())
            .Should().HaveCount(2).And.OnlyContain(k => k == "model.version.registered");
    }

    [Fact]
    public async Task Export_writes_an_audit_bundle_of_every_entry()
    {
        var bundle = Path.Combine(Store.Folder, "audit.bundle");
        var verify = (await Mlops("journal", "verify", "--json")).Json();

        var result = await Mlops("journal", "export", "--output", bundle, "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Json().GetProperty("entries").GetInt64().Should().Be(verify.GetProperty("entriesChecked").GetInt64());
        new FileInfo(bundle).Length.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Export_without_output_is_a_usage_error()
    {
        var result = await Mlops("journal", "export");

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain("--output");
    }
}
