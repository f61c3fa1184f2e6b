using Mlops.Search;
using Mlops.Storage.Sqlite.Tests.TestSupport;
using Mlops.Tracking;
using static Mlops.Storage.Sqlite.Tests.TestSupport.StoreData;

namespace Mlops.Storage.Sqlite.Tests;

public sealed class SearchTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private SqliteMlopsStore _store = null!;
    private string _experimentId = null!;

    public async ValueTask InitializeAsync()
    {
        _store = await _db.OpenInitializedAsync();
        _experimentId = (await _store.ExperimentAsync()).ExperimentId;
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private static ComparisonExpression Param(string key, ComparisonOperator op, string value) => new(new SearchField(SearchEntity.Param, key), op, value);

    private static ComparisonExpression Tag(string key, ComparisonOperator op, string value) => new(new SearchField(SearchEntity.Tag, key), op, value);

    private static ComparisonExpression Metric(string key, ComparisonOperator op, double value) => new(new SearchField(SearchEntity.Metric, key), op, value);

    private static ComparisonExpression Attribute(string name, ComparisonOperator op, object value) => new(new SearchField(SearchEntity.Attribute, name), op, value);

    private async Task<List<string>> NamesAsync(FilterExpression? filter, params OrderByTerm[] orderBy)
    {
        var page = await _store.SearchRunsAsync(new RunSearchRequest([_experimentId], filter, orderBy, 1000), Ct);
        return page.Runs.Select(r => r.Info.RunName).ToList();
    }

    private async Task<string> RunWithParamAsync(string name, string key, string value, int startOffsetMinutes = 0)
    {
        var runId = await _store.RunAsync(_experimentId, name, T0.AddMinutes(startOffsetMinutes));
        await _store.LogParamsAsync(runId, new Dictionary<string, string> { [key] = value }, Ct);
        return runId;
    }

    [Theory]
    [InlineData("' OR 1=1 --")]
    [InlineData("x' OR '1'='1")]
    [InlineData("\"; DROP TABLE runs; --")]
    [InlineData("'); DELETE FROM params; --")]
    public async Task InjectionAttemptsInValues_MatchNothingAndChangeNothing(string attack)
    {
        await RunWithParamAsync("a", "model", "linear");
        await RunWithParamAsync("b", "model", "tree");

        (await NamesAsync(Param("model", ComparisonOperator.Equal, attack))).Should().BeEmpty();
        (await NamesAsync(Param("model", ComparisonOperator.Like, attack))).Should().BeEmpty();
        (await NamesAsync(Tag("model", ComparisonOperator.ILike, attack))).Should().BeEmpty();
        (await NamesAsync(Attribute(RunAttributes.RunName, ComparisonOperator.Equal, attack))).Should().BeEmpty();
        (await NamesAsync(Attribute(RunAttributes.Status, ComparisonOperator.Equal, attack))).Should().BeEmpty();

        (await NamesAsync(null)).Should().BeEquivalentTo("a", "b");
        _db.Scalar("SELECT count(*) FROM params").Should().Be(2L);
        _db.Scalar("SELECT count(*) FROM runs").Should().Be(2L);
    }

    [Theory]
    [InlineData("model' OR 1=1 --")]
    [InlineData("model\" OR \"1\"=\"1")]
    [InlineData("x') OR 1=1; DROP TABLE params; --")]
    public async Task InjectionAttemptsInKeys_MatchNothingAndChangeNothing(string attackKey)
    {
        await RunWithParamAsync("a", "model", "linear");

        (await NamesAsync(Param(attackKey, ComparisonOperator.NotEqual, "zzz"))).Should().BeEmpty();
        (await NamesAsync(Metric(attackKey, ComparisonOperator.GreaterThan, double.NegativeInfinity))).Should().BeEmpty();
        (await NamesAsync(null, new OrderByTerm(new SearchField(SearchEntity.Tag, attackKey), true))).Should().Equal("a");
        _db.Scalar("SELECT count(*) FROM params").Should().Be(1L);
    }

    [Fact]
    public async Task AValueThatLooksLikeSql_IsMatchedAsPlainData()
    {
        await RunWithParamAsync("evil", "note", "' OR 1=1 --");
        await RunWithParamAsync("plain", "note", "hello");

        (await NamesAsync(Param("note", ComparisonOperator.Equal, "' OR 1=1 --"))).Should().Equal("evil");
    }

    [Fact]
    public async Task Like_IsCaseSensitiveAndILikeIsNot_IncludingNonAsciiLetters()
    {
        await RunWithParamAsync("upper", "name", "Élan-Model");
        await RunWithParamAsync("lower", "name", "élan-model");

        (await NamesAsync(Param("name", ComparisonOperator.Like, "Élan%"))).Should().Equal("upper");
        (await NamesAsync(Param("name", ComparisonOperator.Like, "%model"))).Should().Equal("lower");
        (await NamesAsync(Param("name", ComparisonOperator.ILike, "ÉLAN-MODEL"))).Should().BeEquivalentTo("upper", "lower");
        (await NamesAsync(Param("name", ComparisonOperator.ILike, "_lan%"))).Should().BeEquivalentTo("upper", "lower");
    }

    [Fact]
    public async Task Like_TreatsGlobSpecialCharactersAsLiterals()
    {
        await RunWithParamAsync("star", "p", "a*b?[c]");
        await RunWithParamAsync("other", "p", "axbyc");

        (await NamesAsync(Param("p", ComparisonOperator.Like, "a*b?[c]"))).Should().Equal("star");
        (await NamesAsync(Param("p", ComparisonOperator.Like, "a_b_[c%"))).Should().Equal("star");
        (await NamesAsync(Param("p", ComparisonOperator.ILike, "A*B?[C]"))).Should().Equal("star");
    }

    [Fact]
    public async Task Status_ComparesCaseInsensitively()
    {
        var ended = await _store.RunAsync(_experimentId, "ended");
        await _store.RunAsync(_experimentId, "running");
        await _store.EndRunAsync(ended, RunStatus.Finished, T0, null, Draft("run.ended", "run/" + ended), Ct);

        (await NamesAsync(Attribute(RunAttributes.Status, ComparisonOperator.Equal, "finished"))).Should().Equal("ended");
        (await NamesAsync(Attribute(RunAttributes.Status, ComparisonOperator.Like, "run%"))).Should().Equal("running");
        (await NamesAsync(Attribute(RunAttributes.Status, ComparisonOperator.NotEqual, "Running"))).Should().Equal("ended");
    }

    [Fact]
    public async Task OrderByMetric_PutsRunsWithoutItLastInBothDirections_ThenStartTimeDescending()
    {
        var low = await _store.RunAsync(_experimentId, "low", T0);
        var high = await _store.RunAsync(_experimentId, "high", T0.AddMinutes(1));
        await _store.RunAsync(_experimentId, "none-old", T0.AddMinutes(2));
        await _store.RunAsync(_experimentId, "none-new", T0.AddMinutes(3));
        await _store.AppendMetricsAsync(new[] { Point(low, "acc", 0.1), Point(high, "acc", 0.9) }, Ct);
        var acc = new SearchField(SearchEntity.Metric, "acc");

        (await NamesAsync(null, new OrderByTerm(acc, Descending: true))).Should().Equal("high", "low", "none-new", "none-old");
        (await NamesAsync(null, new OrderByTerm(acc, Descending: false))).Should().Equal("low", "high", "none-new", "none-old");
        (await NamesAsync(Metric("acc", ComparisonOperator.NotEqual, 0.5))).Should().BeEquivalentTo("low", "high");
    }

    [Fact]
    public async Task Paging_ReturnsEveryRunOnceAndEndsWithANullToken()
    {
        for (var i = 0; i < 7; i++)
        {
            await _store.RunAsync(_experimentId, $"r{i}", T0.AddMinutes(i % 3));
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await _store.SearchRunsAsync(new RunSearchRequest([_experimentId], null, [], 3, token), Ct);
            seen.AddRange(page.Runs.Select(r => r.RunId));
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null);

        pages.Should().Be(3);
        seen.Should().HaveCount(7).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task PageTokens_FromAnotherSearchOrMalformed_AreValidationErrors()
    {
        for (var i = 0; i < 3; i++)
        {
            await _store.RunAsync(_experimentId, $"r{i}");
        }

        var first = await _store.SearchRunsAsync(new RunSearchRequest([_experimentId], null, [], 1), Ct);
        var otherFilter = Attribute(RunAttributes.RunName, ComparisonOperator.NotEqual, "zzz");

        var foreign = () => _store.SearchRunsAsync(new RunSearchRequest([_experimentId], otherFilter, [], 1, first.NextPageToken), Ct);
        var malformed = () => _store.SearchRunsAsync(new RunSearchRequest([_experimentId], null, [], 1, "not a token!"), Ct);
        var truncated = () => _store.SearchRunsAsync(new RunSearchRequest([_experimentId], null, [], 1, first.NextPageToken![..10]), Ct);

        (await foreign.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("page token");
        (await malformed.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("page token");
        (await truncated.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("page token");
    }

    [Fact]
    public async Task Requests_OutsideTheLimits_AreValidationErrors()
    {
        var noExperiments = () => _store.SearchRunsAsync(new RunSearchRequest([], null, []), Ct);
        var tooMany = () => _store.SearchRunsAsync(new RunSearchRequest([_experimentId], null, [], 50_001), Ct);
        var likeOnMetric = () => _store.SearchRunsAsync(
            new RunSearchRequest([_experimentId], new ComparisonExpression(new SearchField(SearchEntity.Metric, "acc"), ComparisonOperator.Like, "1%"), []), Ct);

        await noExperiments.Should().ThrowAsync<MlopsValidationException>();
        await tooMany.Should().ThrowAsync<MlopsValidationException>();
        await likeOnMetric.Should().ThrowAsync<MlopsValidationException>();
    }
}
