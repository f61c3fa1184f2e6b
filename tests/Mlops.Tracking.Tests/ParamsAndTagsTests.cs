namespace Mlops.Tracking.Tests;

public sealed class ParamsAndTagsTests : IAsyncLifetime
{
    private readonly TrackingHarness _h = new();
    private RunScope _run = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _run = await _h.Tracker.StartRunAsync("params", cancellationToken: Ct);

    public async ValueTask DisposeAsync()
    {
        await _run.DisposeAsync();
        await _h.DisposeAsync();
    }

    private async Task<Run> Stored() => await _h.Tracker.GetRunAsync(_run.RunId, Ct);

    [Fact]
    public async Task A_param_logged_again_with_the_same_value_is_fine()
    {
        await _run.LogParamAsync("learning_rate", "0.1", Ct);
        await _run.LogParamAsync("learning_rate", "0.1", Ct);

        (await Stored()).Params.Should().Contain("learning_rate", "0.1");
    }

    [Fact]
    public async Task A_param_logged_again_with_another_value_is_a_conflict_naming_both_values()
    {
        await _run.LogParamAsync("learning_rate", "0.1", Ct);

        var act = () => _run.LogParamAsync("learning_rate", "0.2", Ct);

        var error = (await act.Should().ThrowAsync<MlopsConflictException>()).Which;
        error.Message.Should().Contain("learning_rate").And.Contain("0.1").And.Contain("0.2");
        (await Stored()).Params["learning_rate"].Should().Be("0.1");
    }

    [Fact]
    public async Task Formattable_params_use_the_invariant_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            await _run.LogParamAsync("l2", 0.5, Ct);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }

        (await Stored()).Params["l2"].Should().Be("0.5");
    }

    [Fact]
    public async Task A_param_value_over_6000_characters_is_refused_and_nothing_is_written()
    {
        var act = () => _run.LogParamsAsync(new Dictionary<string, string> { ["ok"] = "1", ["long"] = new string('x', 6001) }, Ct);

        (await act.Should().ThrowAsync<MlopsValidationException>()).Which.Rule.Should().Contain("6000");
        (await Stored()).Params.Should().BeEmpty();
    }

    [Fact]
    public async Task A_param_value_of_exactly_6000_characters_is_accepted()
    {
        await _run.LogParamAsync("long", new string('x', 6000), Ct);

        (await Stored()).Params["long"].Should().HaveLength(6000);
    }

    [Theory]
    [InlineData("bad*key")]
    [InlineData("/leading")]
    [InlineData("a/../b")]
    [InlineData("")]
    public async Task Invalid_param_keys_are_refused(string key)
    {
        var act = () => _run.LogParamAsync(key, "v", Ct);

        (await act.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("param key");
    }

    [Fact]
    public async Task A_batch_with_one_conflicting_param_writes_none_of_the_batch()
    {
        await _run.LogParamAsync("a", "1", Ct);

        var act = () => _run.LogParamsAsync(new Dictionary<string, string> { ["b"] = "2", ["a"] = "changed" }, Ct);

        await act.Should().ThrowAsync<MlopsConflictException>();
        (await Stored()).Params.Should().Equal(new Dictionary<string, string> { ["a"] = "1" });
    }

    [Fact]
    public async Task Tags_are_set_replaced_and_deleted()
    {
        await _run.SetTagAsync("stage", "dev", Ct);
        await _run.SetTagAsync("stage", "prod", Ct);
        await _run.SetTagAsync("owner", "ml-team", Ct);
        await _run.DeleteTagAsync("owner", Ct);
        await _run.DeleteTagAsync("never-set", Ct);

        var tags = (await Stored()).Tags;
        tags.Should().Contain("stage", "prod");
        tags.Should().NotContainKey("owner");
    }

    [Fact]
    public async Task A_tag_value_over_5000_characters_is_refused()
    {
        var act = () => _run.SetTagAsync("note", new string('y', 5001), Ct);

        (await act.Should().ThrowAsync<MlopsValidationException>()).Which.Rule.Should().Contain("5000");
        (await Stored()).Tags.Should().NotContainKey("note");
    }

    [Fact]
    public async Task Tags_given_at_start_are_stored_with_the_run()
    {
        await using var run = await _h.Tracker.StartRunAsync("params", new RunOptions { Tags = new Dictionary<string, string> { ["team"] = "vision" } }, Ct);

        (await _h.Tracker.GetRunAsync(run.RunId, Ct)).Tags.Should().Contain("team", "vision");
    }

    [Fact]
    public async Task An_invalid_tag_at_start_creates_no_run()
    {
        var act = () => _h.Tracker.StartRunAsync("params", new RunOptions { Tags = new Dictionary<string, string> { ["bad key!"] = "v" } }, Ct);

        await act.Should().ThrowAsync<MlopsValidationException>();
        var page = await _h.Tracker.SearchRunsAsync(new RunQuery("params"), Ct);
        page.Runs.Should().ContainSingle(r => r.RunId == _run.RunId);
    }
}
