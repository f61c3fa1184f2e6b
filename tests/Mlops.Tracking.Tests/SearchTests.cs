using Mlops.Search;

namespace Mlops.Tracking.Tests;

public sealed class SearchTests : IAsyncLifetime
{
    private readonly TrackingHarness _h = new();
    private readonly List<string> _runIds = [];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        string[] trainers = ["sdca", "lbfgs", "sdca", "fasttree", "lbfgs"];
        double[] accuracy = [0.91, 0.85, 0.97, 0.88, 0.95];
        for (var i = 0; i < trainers.Length; i++)
        {
            await using var run = await _h.Tracker.StartRunAsync("search", new RunOptions { RunName = "r" + i }, Ct);
            await run.LogParamAsync("trainer", trainers[i], Ct);
            await run.SetTagAsync("team", i % 2 == 0 ? "Vision" : "nlp", Ct);
            run.LogMetric("accuracy", accuracy[i]);
            _runIds.Add(run.RunId);
        }
    }

    public ValueTask DisposeAsync() => _h.DisposeAsync();

    private async Task<string[]> Names(string? filter, params string[] orderBy)
    {
        var page = await _h.Tracker.SearchRunsAsync(new RunQuery("search") { Filter = filter, OrderBy = orderBy }, Ct);
        return page.Runs.Select(r => r.Info.RunName).ToArray();
    }

    [Fact]
    public async Task Filters_on_metrics_and_params_with_ordering()
    {
        (await Names("metrics.accuracy > 0.9 AND params.trainer = 'sdca'", "metrics.accuracy DESC"))
            .Should().Equal("r2", "r0");
    }

    [Fact]
    public async Task Or_and_parentheses_combine_conditions()
    {
        (await Names("(params.trainer = 'fasttree' OR params.trainer = 'lbfgs') AND metrics.accuracy >= 0.88", "metrics.accuracy"))
            .Should().Equal("r3", "r4");
    }

    [Fact]
    public async Task Ilike_is_case_insensitive_and_like_is_not()
    {
        (await Names("tags.team ILIKE 'vis%'", "attributes.run_name")).Should().Equal("r0", "r2", "r4");
        (await Names("tags.team LIKE 'vis%'")).Should().BeEmpty();
    }

    [Fact]
    public async Task Paging_returns_every_run_exactly_once()
    {
        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await _h.Tracker.SearchRunsAsync(new RunQuery("search") { MaxResults = 2, PageToken = token, OrderBy = ["metrics.accuracy DESC"] }, Ct);
            seen.AddRange(page.Runs.Select(r => r.RunId));
            token = page.NextPageToken;
        }
        while (token is not null);

        seen.Should().BeEquivalentTo(_runIds).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Quotes_and_sql_in_values_match_nothing_and_change_nothing()
    {
        (await Names("params.trainer = 'sdca'' OR 1=1 --'")).Should().BeEmpty();
        (await Names("params.trainer = \"x\"\"; DROP TABLE runs; --\"")).Should().BeEmpty();
        (await Names(null)).Should().HaveCount(5);
    }

    [Fact]
    public async Task A_parse_error_names_the_position_and_what_was_expected()
    {
        var act = () => _h.Tracker.SearchRunsAsync(new RunQuery("search") { Filter = "metrics.accuracy >" }, Ct);

        var error = (await act.Should().ThrowAsync<SearchParseException>()).Which;
        error.Position.Should().Be(18);
        error.Message.Should().Contain("position 18");
    }

    [Fact]
    public async Task Searching_an_unknown_experiment_is_not_found()
    {
        var act = () => _h.Tracker.SearchRunsAsync(new RunQuery("no-such-experiment"), Ct);

        (await act.Should().ThrowAsync<MlopsNotFoundException>()).Which.Identifier.Should().Be("no-such-experiment");
    }
}
