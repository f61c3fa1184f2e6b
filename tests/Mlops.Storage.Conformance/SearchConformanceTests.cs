using Mlops.Journal;
using Mlops.Search;
using Mlops.Tracking;

namespace Mlops.Storage.Conformance;

/// <summary>
/// Run search: every operator on each entity, AND/OR/parentheses, missing-field semantics, ordering with missing values
/// last, tie-breaks, paging, page-token validation and SQL-looking input. Runs are identified by their names.
/// </summary>
/// <remarks>
/// The fixture, in experiment <c>main</c> (and <c>epsilon</c> in experiment <c>other</c>):
/// <code>
/// name   user   start  status    end    params            tags                    metrics
/// alpha  alice  +1s    FINISHED  +100s  lr=0.1 model=tree team=ml note=O'Brien    acc=0.9 loss=0.5
/// beta   bob    +2s    RUNNING   -      lr=0.01 model=Tree team=ML                acc=0.7 loss=0.25
/// gamma  alice  +3s    FAILED    +50s   lr=0.1            -                       loss=0.2
/// delta  carol  +4s    KILLED    +200s  -                 team=data               acc=0.8          (child of alpha)
/// </code>
/// </remarks>
/// <typeparam name="TProvider">The provider under test.</typeparam>
public abstract class SearchConformanceTests<TProvider> : StoreConformanceBase<TProvider>
    where TProvider : IStoreConformanceProvider, new()
{
    private readonly Dictionary<string, string> _ids = [];
    private string _main = "";
    private string _other = "";

    private static long Ms(int seconds) => T0.AddSeconds(seconds).ToUnixTimeMilliseconds();

    private static ComparisonExpression Cmp(SearchEntity entity, string key, ComparisonOperator op, object value) =>
        new(new SearchField(entity, key), op, value);

    private static OrderByTerm By(SearchEntity entity, string key, bool descending = false) => new(new SearchField(entity, key), descending);

    private async Task SeedAsync()
    {
        _main = (await CreateExperimentAsync("main")).ExperimentId;
        _other = (await CreateExperimentAsync("other")).ExperimentId;
        var alpha = await AddAsync("alpha", "alice", 1, null, [("lr", "0.1"), ("model", "tree")], [("team", "ml"), ("note", "O'Brien")], [("acc", 0.9), ("loss", 0.5)]);
        await AddAsync("beta", "bob", 2, null, [("lr", "0.01"), ("model", "Tree")], [("team", "ML")], [("acc", 0.7), ("loss", 0.25)]);
        await AddAsync("gamma", "alice", 3, null, [("lr", "0.1")], [], [("loss", 0.2)]);
        await AddAsync("delta", "carol", 4, alpha, [], [("team", "data")], [("acc", 0.8)]);
        await AddAsync("epsilon", "alice", 5, null, [("model", "tree")], [("team", "ml")], [("acc", 0.99)], _other);
        await EndRunAsync(_ids["alpha"], RunStatus.Finished, T0.AddSeconds(100));
        await EndRunAsync(_ids["gamma"], RunStatus.Failed, T0.AddSeconds(50), "diverged");
        await EndRunAsync(_ids["delta"], RunStatus.Killed, T0.AddSeconds(200));
    }

    private async Task<string> AddAsync(
        string name, string user, int startSeconds, string? parent, (string, string)[] parameters, (string, string)[] tags,
        (string, double)[] metrics, string? experimentId = null)
    {
        var runId = await CreateRunAsync(experimentId ?? _main, T0.AddSeconds(startSeconds), name, parent,
            tags.ToDictionary(t => t.Item1, t => t.Item2), user);
        if (parameters.Length > 0)
        {
            await Store.LogParamsAsync(runId, parameters.ToDictionary(p => p.Item1, p => p.Item2), Ct);
        }

        // An older, lower-step point first, so that search must use the latest value.
        var points = metrics.SelectMany(m => new[] { Point(runId, m.Item1, -m.Item2, step: 0), Point(runId, m.Item1, m.Item2, step: 1) }).ToArray();
        await Store.AppendMetricsAsync(points, Ct);
        _ids[name] = runId;
        return runId;
    }

    private async Task<IReadOnlyList<string>> NamesAsync(FilterExpression? filter, params OrderByTerm[] orderBy)
    {
        var page = await Store.SearchRunsAsync(new RunSearchRequest([_main], filter, orderBy, 1000), Ct);
        page.NextPageToken.Should().BeNull();
        return page.Runs.Select(r => r.Info.RunName).ToList();
    }

    private Task<IReadOnlyList<string>> NamesAsync(string filter) => NamesAsync(RunSearchParser.ParseFilter(filter));

    [Theory]
    [InlineData("metrics.acc = 0.9", "alpha")]
    [InlineData("metrics.acc != 0.9", "beta,delta")]
    [InlineData("metrics.acc < 0.8", "beta")]
    [InlineData("metrics.acc <= 0.8", "beta,delta")]
    [InlineData("metrics.acc > 0.8", "alpha")]
    [InlineData("metrics.acc >= 0.8", "alpha,delta")]
    [InlineData("metrics.acc < -0.5", "")]
    [InlineData("metrics.loss <= 0.25", "beta,gamma")]
    [InlineData("metrics.unknown != 1", "")]
    public async Task Search_MetricOperators_CompareTheLatestValueAndSkipRunsWithoutTheMetric(string filter, string expected)
    {
        await SeedAsync();
        (await NamesAsync(filter)).Should().BeEquivalentTo(Split(expected));
    }

    [Theory]
    [InlineData("params.model = 'tree'", "alpha")]
    [InlineData("params.model != 'tree'", "beta")]
    [InlineData("params.model LIKE 'T%'", "beta")]
    [InlineData("params.model LIKE 't%'", "alpha")]
    [InlineData("params.model ILIKE 't%'", "alpha,beta")]
    [InlineData("params.model LIKE 'tr_e'", "alpha")]
    [InlineData("params.model LIKE '%'", "alpha,beta")]
    [InlineData("params.model ILIKE 'TREE'", "alpha,beta")]
    [InlineData("params.lr = '0.1'", "alpha,gamma")]
    [InlineData("params.lr != '0.1'", "beta")]
    [InlineData("params.lr LIKE '0._'", "alpha,gamma")]
    public async Task Search_ParamOperators_CompareStrings(string filter, string expected)
    {
        await SeedAsync();
        (await NamesAsync(filter)).Should().BeEquivalentTo(Split(expected));
    }

    [Theory]
    [InlineData("tags.team = 'ml'", "alpha")]
    [InlineData("tags.team != 'ml'", "beta,delta")]
    [InlineData("tags.team LIKE '%a%'", "delta")]
    [InlineData("tags.team ILIKE 'ml'", "alpha,beta")]
    [InlineData("tags.team LIKE 'm_'", "alpha")]
    [InlineData("tags.note = 'O''Brien'", "alpha")]
    [InlineData("tags.note = \"O'Brien\"", "alpha")]
    [InlineData("tags.missing LIKE '%'", "")]
    public async Task Search_TagOperators_CompareStrings(string filter, string expected)
    {
        await SeedAsync();
        (await NamesAsync(filter)).Should().BeEquivalentTo(Split(expected));
    }

    [Theory]
    [InlineData("attributes.run_name = 'alpha'", "alpha")]
    [InlineData("run_name != 'alpha'", "beta,gamma,delta")]
    [InlineData("run_name LIKE '%ta'", "beta,delta")]
    [InlineData("run_name ILIKE 'ALP%'", "alpha")]
    [InlineData("user = 'alice'", "alpha,gamma")]
    [InlineData("user != 'alice'", "beta,delta")]
    [InlineData("status = 'FINISHED'", "alpha")]
    [InlineData("status = 'finished'", "alpha")]
    [InlineData("status != 'RUNNING'", "alpha,gamma,delta")]
    [InlineData("status != 'running'", "alpha,gamma,delta")]
    [InlineData("status ILIKE 'f%'", "alpha,gamma")]
    public async Task Search_StringAttributes_CompareStringsAndStatusIgnoresCase(string filter, string expected)
    {
        await SeedAsync();
        (await NamesAsync(filter)).Should().BeEquivalentTo(Split(expected));
    }

    [Fact]
    public async Task Search_IdentifierAttributes_MatchAndNullParentNeverMatches()
    {
        await SeedAsync();
        var a = SearchEntity.Attribute;

        (await NamesAsync(Cmp(a, RunAttributes.RunId, ComparisonOperator.Equal, _ids["beta"]))).Should().Equal("beta");
        (await NamesAsync(Cmp(a, RunAttributes.ExperimentId, ComparisonOperator.Equal, _main))).Should().HaveCount(4);
        (await NamesAsync(Cmp(a, RunAttributes.ExperimentId, ComparisonOperator.Equal, _other))).Should().BeEmpty();
        (await NamesAsync(Cmp(a, RunAttributes.ParentRunId, ComparisonOperator.Equal, _ids["alpha"]))).Should().Equal("delta");
        (await NamesAsync(Cmp(a, RunAttributes.ParentRunId, ComparisonOperator.NotEqual, "x"))).Should().Equal("delta");
        (await NamesAsync(Cmp(a, RunAttributes.ParentRunId, ComparisonOperator.Like, "%"))).Should().Equal("delta");
    }

    [Fact]
    public async Task Search_TimeAttributes_CompareUnixMillisecondsAndNullEndTimeNeverMatches()
    {
        await SeedAsync();
        var a = SearchEntity.Attribute;

        (await NamesAsync(Cmp(a, RunAttributes.StartTime, ComparisonOperator.Equal, (double)Ms(1)))).Should().Equal("alpha");
        (await NamesAsync(Cmp(a, RunAttributes.StartTime, ComparisonOperator.GreaterThan, (double)Ms(2)))).Should().BeEquivalentTo("gamma", "delta");
        (await NamesAsync(Cmp(a, RunAttributes.StartTime, ComparisonOperator.LessThanOrEqual, (double)Ms(2)))).Should().BeEquivalentTo("alpha", "beta");
        (await NamesAsync(Cmp(a, RunAttributes.StartTime, ComparisonOperator.NotEqual, (double)Ms(3)))).Should().BeEquivalentTo("alpha", "beta", "delta");
        (await NamesAsync(Cmp(a, RunAttributes.EndTime, ComparisonOperator.LessThan, (double)Ms(150)))).Should().BeEquivalentTo("alpha", "gamma");
        (await NamesAsync(Cmp(a, RunAttributes.EndTime, ComparisonOperator.GreaterThanOrEqual, (double)Ms(200)))).Should().Equal("delta");
        (await NamesAsync(Cmp(a, RunAttributes.EndTime, ComparisonOperator.NotEqual, 0d))).Should().BeEquivalentTo("alpha", "gamma", "delta");
        (await NamesAsync(Cmp(a, RunAttributes.EndTime, ComparisonOperator.GreaterThan, -1d))).Should().BeEquivalentTo("alpha", "gamma", "delta");
    }

    [Fact]
    public async Task Search_AndOrParentheses_CombineAsTheTreeSays()
    {
        await SeedAsync();
        var accHigh = Cmp(SearchEntity.Metric, "acc", ComparisonOperator.GreaterThan, 0.85);
        var lossLow = Cmp(SearchEntity.Metric, "loss", ComparisonOperator.LessThan, 0.3);
        var lr = Cmp(SearchEntity.Param, "lr", ComparisonOperator.Equal, "0.1");
        var alice = Cmp(SearchEntity.Attribute, RunAttributes.User, ComparisonOperator.Equal, "alice");

        (await NamesAsync(new AndExpression(accHigh, alice))).Should().BeEquivalentTo("alpha");
        (await NamesAsync(new OrExpression(accHigh, lossLow))).Should().BeEquivalentTo("alpha", "beta", "gamma");
        (await NamesAsync(new AndExpression(new OrExpression(accHigh, lossLow), lr))).Should().BeEquivalentTo("alpha", "gamma");
        (await NamesAsync(new OrExpression(accHigh, new AndExpression(lossLow, lr)))).Should().BeEquivalentTo("alpha", "gamma");
        (await NamesAsync(new AndExpression(new OrExpression(lr, alice), new OrExpression(lossLow, accHigh)))).Should().BeEquivalentTo("alpha", "gamma");
        (await NamesAsync("metrics.acc > 0.85 OR metrics.loss < 0.3 AND params.lr = '0.1'")).Should().BeEquivalentTo("alpha", "gamma");
        (await NamesAsync("(metrics.acc > 0.85 OR metrics.loss < 0.3) AND params.lr = '0.1'")).Should().BeEquivalentTo("alpha", "gamma");
        (await NamesAsync("metrics.acc != 0.9 OR params.lr = '0.1'")).Should().BeEquivalentTo("alpha", "beta", "gamma", "delta");
        (await NamesAsync("tags.team = 'ml' AND tags.team = 'data'")).Should().BeEmpty();
    }

    [Fact]
    public async Task Search_NoFilter_ReturnsTheExperimentsRunsNewestFirstWithFullData()
    {
        await SeedAsync();

        var page = await Store.SearchRunsAsync(new RunSearchRequest([_main], null, []), Ct);

        page.Runs.Select(r => r.Info.RunName).Should().Equal("delta", "gamma", "beta", "alpha");
        page.NextPageToken.Should().BeNull();
        foreach (var run in page.Runs)
        {
            run.Should().BeEquivalentTo(await GetRunAsync(run.RunId), "search results carry the full run");
        }

        var alpha = page.Runs.Single(r => r.Info.RunName == "alpha");
        alpha.Params.Should().Contain("model", "tree");
        alpha.Tags.Should().Contain("note", "O'Brien");
        alpha.LatestMetrics["acc"].Value.Should().Be(0.9);
    }

    [Fact]
    public async Task Search_SeveralExperiments_ReturnsTheUnion()
    {
        await SeedAsync();

        var page = await Store.SearchRunsAsync(new RunSearchRequest([_main, _other], null, []), Ct);

        page.Runs.Select(r => r.Info.RunName).Should().Equal("epsilon", "delta", "gamma", "beta", "alpha");
        (await Store.SearchRunsAsync(new RunSearchRequest([_other], RunSearchParser.ParseFilter("params.model = 'tree'"), []), Ct))
            .Runs.Select(r => r.Info.RunName).Should().Equal("epsilon");
    }

    [Fact]
    public async Task Search_OrderByMetric_PutsRunsWithoutItLastInBothDirections()
    {
        await SeedAsync();

        (await NamesAsync(null, By(SearchEntity.Metric, "acc"))).Should().Equal("beta", "delta", "alpha", "gamma");
        (await NamesAsync(null, By(SearchEntity.Metric, "acc", descending: true))).Should().Equal("alpha", "delta", "beta", "gamma");
    }

    [Fact]
    public async Task Search_OrderByParam_TiesBreakByStartTimeDescendingAndMissingLast()
    {
        await SeedAsync();

        (await NamesAsync(null, By(SearchEntity.Param, "lr"))).Should().Equal("beta", "gamma", "alpha", "delta");
        (await NamesAsync(null, By(SearchEntity.Param, "lr", descending: true))).Should().Equal("gamma", "alpha", "beta", "delta");
    }

    [Fact]
    public async Task Search_OrderByAttributes_SortsAndPutsNullEndTimeLast()
    {
        await SeedAsync();

        (await NamesAsync(null, By(SearchEntity.Attribute, RunAttributes.EndTime))).Should().Equal("gamma", "alpha", "delta", "beta");
        (await NamesAsync(null, By(SearchEntity.Attribute, RunAttributes.EndTime, descending: true))).Should().Equal("delta", "alpha", "gamma", "beta");
        (await NamesAsync(null, By(SearchEntity.Attribute, RunAttributes.RunName))).Should().Equal("alpha", "beta", "delta", "gamma");
        (await NamesAsync(null, By(SearchEntity.Attribute, RunAttributes.StartTime))).Should().Equal("alpha", "beta", "gamma", "delta");
        (await NamesAsync(null, By(SearchEntity.Attribute, RunAttributes.ParentRunId))).Should().Equal("delta", "gamma", "beta", "alpha");
    }

    [Fact]
    public async Task Search_SeveralOrderTerms_ApplyInTurn()
    {
        await SeedAsync();

        (await NamesAsync(null, By(SearchEntity.Param, "lr", descending: true), By(SearchEntity.Metric, "loss", descending: true)))
            .Should().Equal("alpha", "gamma", "beta", "delta");
        (await NamesAsync(null, [.. RunSearchParser.ParseOrderBy(["tags.team DESC", "metrics.loss"])]))
            [^1].Should().Be("gamma", "gamma has no team tag");
    }

    [Fact]
    public async Task Search_SameStartTime_BreaksTiesByRunIdAscending()
    {
        var experiment = (await CreateExperimentAsync()).ExperimentId;
        var suffix = NewId()[1..];
        foreach (var prefix in new[] { "b", "c", "a" })
        {
            await CreateRunAsync(experiment, T0, runName: prefix, runId: prefix + suffix);
        }

        var plain = await Store.SearchRunsAsync(new RunSearchRequest([experiment], null, []), Ct);
        var byMissing = await Store.SearchRunsAsync(new RunSearchRequest([experiment], null, [By(SearchEntity.Metric, "none", true)]), Ct);

        plain.Runs.Select(r => r.Info.RunName).Should().Equal("a", "b", "c");
        byMissing.Runs.Select(r => r.Info.RunName).Should().Equal("a", "b", "c");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Search_Paging_ReturnsEveryMatchExactlyOnceInOrder(bool filtered)
    {
        var experiment = (await CreateExperimentAsync()).ExperimentId;
        for (var i = 0; i < 23; i++)
        {
            // Pairs share a start time so that the run-id tie-break matters across page boundaries.
            var runId = await CreateRunAsync(experiment, T0.AddSeconds(i / 2), runName: $"r{i:00}");
            await Store.AppendMetricsAsync(new[] { Point(runId, "i", i % 5) }, Ct);
        }

        FilterExpression? filter = filtered ? Cmp(SearchEntity.Metric, "i", ComparisonOperator.GreaterThanOrEqual, 1d) : null;
        OrderByTerm[] order = filtered ? [By(SearchEntity.Metric, "i", true)] : [];
        var all = await Store.SearchRunsAsync(new RunSearchRequest([experiment], filter, order, 50_000), Ct);
        all.Runs.Should().HaveCount(filtered ? 18 : 23);

        var paged = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Store.SearchRunsAsync(new RunSearchRequest([experiment], filter, order, 5, token), Ct);
            page.Runs.Count.Should().BeLessThanOrEqualTo(5);
            paged.AddRange(page.Runs.Select(r => r.RunId));
            token = page.NextPageToken;
            pages++;
            pages.Should().BeLessThan(10, "paging must end");
        }
        while (token is not null);

        paged.Should().Equal(all.Runs.Select(r => r.RunId));
        pages.Should().Be((all.Runs.Count + 4) / 5);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("' OR 1=1 --")]
    [InlineData("eyJvZmZzZXQiOjF9")]
    public async Task Search_MalformedPageToken_IsAValidationError(string token)
    {
        await SeedAsync();

        var act = () => Store.SearchRunsAsync(new RunSearchRequest([_main], null, [], 1, token), Ct);

        (await act.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("page token");
    }

    [Fact]
    public async Task Search_PageTokenOfAnotherQuery_IsAValidationError()
    {
        await SeedAsync();
        var first = await Store.SearchRunsAsync(new RunSearchRequest([_main], null, [], 1), Ct);
        first.NextPageToken.Should().NotBeNull();

        var otherFilter = () => Store.SearchRunsAsync(new RunSearchRequest([_main], RunSearchParser.ParseFilter("metrics.acc > 0"), [], 1, first.NextPageToken), Ct);
        var otherOrder = () => Store.SearchRunsAsync(new RunSearchRequest([_main], null, [By(SearchEntity.Metric, "acc")], 1, first.NextPageToken), Ct);
        var otherExperiments = () => Store.SearchRunsAsync(new RunSearchRequest([_main, _other], null, [], 1, first.NextPageToken), Ct);

        (await otherFilter.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("page token");
        (await otherOrder.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("page token");
        (await otherExperiments.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("page token");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(50_001)]
    public async Task Search_MaxResultsOutOfRange_IsAValidationError(int maxResults)
    {
        await SeedAsync();

        var act = () => Store.SearchRunsAsync(new RunSearchRequest([_main], null, [], maxResults), Ct);

        await act.Should().ThrowAsync<MlopsValidationException>();
    }

    [Fact]
    public async Task Search_NoExperimentIds_IsAValidationError()
    {
        var act = () => Store.SearchRunsAsync(new RunSearchRequest([], null, []), Ct);

        await act.Should().ThrowAsync<MlopsValidationException>();
    }

    [Fact]
    public async Task Search_SqlLookingLiteralsAndKeys_MatchNothingAndChangeNothing()
    {
        await SeedAsync();
        var before = await SnapshotAsync([.. _ids.Values]);
        string[] literals =
        [
            "' OR 1=1 --", "\"; DROP TABLE runs; --", "tree' OR 'a'='a", "%' OR '1'='1", "tree'); DELETE FROM runs; --",
            "ml\" OR \"\"=\"", "'; UPDATE runs SET status='KILLED'; --",
        ];

        foreach (var literal in literals)
        {
            (await NamesAsync(Cmp(SearchEntity.Param, "model", ComparisonOperator.Equal, literal))).Should().BeEmpty();
            (await NamesAsync(Cmp(SearchEntity.Tag, "team", ComparisonOperator.Like, literal))).Should().BeEmpty();
            (await NamesAsync(Cmp(SearchEntity.Attribute, RunAttributes.RunName, ComparisonOperator.ILike, literal))).Should().BeEmpty();
            (await NamesAsync(Cmp(SearchEntity.Attribute, RunAttributes.Status, ComparisonOperator.Equal, literal))).Should().BeEmpty();
        }

        (await NamesAsync(Cmp(SearchEntity.Param, "drop table runs", ComparisonOperator.NotEqual, "x"))).Should().BeEmpty();
        (await NamesAsync(Cmp(SearchEntity.Metric, "1 OR 1", ComparisonOperator.GreaterThan, -1e300))).Should().BeEmpty();
        (await NamesAsync(null, By(SearchEntity.Tag, "x DESC"))).Should().HaveCount(4);

        // Keys a parser would refuse: a provider may refuse them too, but must never run them as SQL.
        foreach (var key in new[] { "x'; DROP TABLE runs; --", "model\" = \"tree\" OR \"1", "a`) OR (1=1" })
        {
            try
            {
                (await NamesAsync(Cmp(SearchEntity.Param, key, ComparisonOperator.NotEqual, "zzz"))).Should().BeEmpty();
            }
            catch (MlopsValidationException)
            {
            }
        }

        await ShouldBeUnchangedAsync(before, [.. _ids.Values]);
        (await NamesAsync((FilterExpression?)null)).Should().HaveCount(4);
        (await JournalVerifier.VerifyAsync(Store, Ct)).IsValid.Should().BeTrue();
    }

    private static string[] Split(string names) => names.Length == 0 ? [] : names.Split(',');
}
