using Mlops.Journal;
using Mlops.Registry;
using Mlops.Search;

namespace Mlops.Storage.Conformance.Registry;

/// <summary>
/// Registered-model search: every operator on every attribute and on tags, AND/OR, missing-field semantics (including
/// <c>!=</c>), ordering with missing values last and the name tie-break, paging, page-token and request validation,
/// refused entities, and SQL-looking input. Models are identified by their names.
/// </summary>
/// <remarks>
/// The fixture (times are seconds after <see cref="StoreConformanceBase.T0"/>; updated_at is pinned last):
/// <code>
/// name   description    created  updated  latest  aliases        tags
/// alpha  "Alpha model"  +1       +300     2       champion→2     team=ml  note=O'Brien  stage=prod     group=x
/// beta   null           +2       +100     1       -              team=ML                stage=staging  group=y
/// gamma  "gamma model"  +3       +200     0       -              -                                     group=x
/// delta  "the fourth"   +4       +400     3       challenger→3   team=data              stage=dev      group=y
/// </code>
/// </remarks>
/// <typeparam name="TProvider">The provider under test.</typeparam>
public abstract class ModelSearchConformanceTests<TProvider> : RegistryConformanceBase<TProvider>
    where TProvider : IStoreConformanceProvider, new()
{
    private static long Ms(int seconds) => T0.AddSeconds(seconds).ToUnixTimeMilliseconds();

    private static ComparisonExpression Attr(string attribute, ComparisonOperator op, object value) =>
        new(new SearchField(SearchEntity.Attribute, attribute), op, value);

    private static ComparisonExpression Tag(string key, ComparisonOperator op, string value) =>
        new(new SearchField(SearchEntity.Tag, key), op, value);

    private static OrderByTerm By(SearchEntity entity, string key, bool descending = false) => new(new SearchField(entity, key), descending);

    private static OrderByTerm ByAttr(string attribute, bool descending = false) => By(SearchEntity.Attribute, attribute, descending);

    private async Task SeedAsync()
    {
        await AddAsync("alpha", "Alpha model", 1, 300, 2, [("team", "ml"), ("note", "O'Brien"), ("stage", "prod"), ("group", "x")]);
        await AddAsync("beta", null, 2, 100, 1, [("team", "ML"), ("stage", "staging"), ("group", "y")]);
        await AddAsync("gamma", "gamma model", 3, 200, 0, [("group", "x")]);
        await AddAsync("delta", "the fourth", 4, 400, 3, [("team", "data"), ("stage", "dev"), ("group", "y")]);
        await SetAliasAsync("alpha", "champion", 2, null);
        await SetAliasAsync("delta", "challenger", 3, null);
        foreach (var (name, description, updated) in new[] { ("alpha", "Alpha model", 300), ("beta", null, 100), ("gamma", "gamma model", 200), ("delta", "the fourth", 400) })
        {
            // Pin UpdatedAt last, so that it does not depend on when versions were registered or tags set.
            await Registry.UpdateRegisteredModelAsync(name, description, T0.AddSeconds(updated), Ct);
        }
    }

    private async Task AddAsync(string name, string? description, int created, int updated, int versions, (string, string)[] tags)
    {
        await CreateModelAsync(name, description, Tags(tags), T0.AddSeconds(created));
        for (var i = 0; i < versions; i++)
        {
            await RegisterAsync(name, createdAt: T0.AddSeconds(updated - 10 + i));
        }
    }

    private async Task<IReadOnlyList<string>> NamesAsync(FilterExpression? filter, params OrderByTerm[] orderBy)
    {
        var page = await Registry.SearchRegisteredModelsAsync(new ModelSearchRequest(filter, orderBy, 1000), Ct);
        page.NextPageToken.Should().BeNull();
        return page.Models.Select(m => m.Name).ToList();
    }

    private static string[] Split(string names) => names.Length == 0 ? [] : names.Split(',');

    private static object Literal(string attribute, string value) =>
        ModelAttributes.IsNumeric(attribute) ? double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : value;

    [Theory]
    [InlineData("=", "alpha", "alpha")]
    [InlineData("!=", "alpha", "beta,gamma,delta")]
    [InlineData("<", "beta", "alpha")]
    [InlineData("<=", "beta", "alpha,beta")]
    [InlineData(">", "delta", "gamma")]
    [InlineData(">=", "delta", "delta,gamma")]
    [InlineData("LIKE", "%ta", "beta,delta")]
    [InlineData("LIKE", "_amma", "gamma")]
    [InlineData("LIKE", "A%", "")]
    [InlineData("ILIKE", "A%", "alpha")]
    [InlineData("ILIKE", "%L%", "alpha,delta")]
    [InlineData("=", "Alpha", "")]
    public async Task SearchModels_Name_ComparesStringsCaseSensitively(string op, string value, string expected)
    {
        await SeedAsync();
        (await NamesAsync(Attr(ModelAttributes.Name, Op(op), value))).Should().BeEquivalentTo(Split(expected));
    }

    [Theory]
    [InlineData("=", "Alpha model", "alpha")]
    [InlineData("!=", "Alpha model", "gamma,delta")]
    [InlineData("LIKE", "%model", "alpha,gamma")]
    [InlineData("LIKE", "%Model", "")]
    [InlineData("LIKE", "a%", "")]
    [InlineData("ILIKE", "a%", "alpha")]
    [InlineData("ILIKE", "%MODEL", "alpha,gamma")]
    [InlineData("LIKE", "%", "alpha,gamma,delta")]
    [InlineData("LIKE", "the _ourth", "delta")]
    [InlineData("<", "b", "alpha")]
    [InlineData(">", "b", "gamma,delta")]
    public async Task SearchModels_Description_ComparesStringsAndNullNeverMatches(string op, string value, string expected)
    {
        await SeedAsync();
        (await NamesAsync(Attr(ModelAttributes.Description, Op(op), value))).Should().BeEquivalentTo(Split(expected));
    }

    [Theory]
    [InlineData(ModelAttributes.CreatedAt, "=", 1, "alpha")]
    [InlineData(ModelAttributes.CreatedAt, "!=", 3, "alpha,beta,delta")]
    [InlineData(ModelAttributes.CreatedAt, "<", 2, "alpha")]
    [InlineData(ModelAttributes.CreatedAt, "<=", 2, "alpha,beta")]
    [InlineData(ModelAttributes.CreatedAt, ">", 2, "gamma,delta")]
    [InlineData(ModelAttributes.CreatedAt, ">=", 4, "delta")]
    [InlineData(ModelAttributes.UpdatedAt, "=", 200, "gamma")]
    [InlineData(ModelAttributes.UpdatedAt, ">", 150, "alpha,gamma,delta")]
    [InlineData(ModelAttributes.UpdatedAt, "<", 250, "beta,gamma")]
    [InlineData(ModelAttributes.UpdatedAt, "!=", 400, "alpha,beta,gamma")]
    public async Task SearchModels_Times_CompareUnixMilliseconds(string attribute, string op, int seconds, string expected)
    {
        await SeedAsync();
        (await NamesAsync(Attr(attribute, Op(op), (double)Ms(seconds)))).Should().BeEquivalentTo(Split(expected));
    }

    [Theory]
    [InlineData("=", "0", "gamma")]
    [InlineData("!=", "2", "beta,gamma,delta")]
    [InlineData("<", "2", "beta,gamma")]
    [InlineData("<=", "1", "beta,gamma")]
    [InlineData(">", "1", "alpha,delta")]
    [InlineData(">=", "3", "delta")]
    [InlineData(">", "1.5", "alpha,delta")]
    [InlineData("<", "-1", "")]
    public async Task SearchModels_LatestVersion_ComparesNumbers(string op, string value, string expected)
    {
        await SeedAsync();
        (await NamesAsync(Attr(ModelAttributes.LatestVersion, Op(op), Literal(ModelAttributes.LatestVersion, value))))
            .Should().BeEquivalentTo(Split(expected));
    }

    [Theory]
    [InlineData("team", "=", "ml", "alpha")]
    [InlineData("team", "!=", "ml", "beta,delta")]
    [InlineData("team", "LIKE", "m%", "alpha")]
    [InlineData("team", "LIKE", "M_", "beta")]
    [InlineData("team", "ILIKE", "ml", "alpha,beta")]
    [InlineData("team", "LIKE", "%a%", "delta")]
    [InlineData("stage", "<", "p", "delta")]
    [InlineData("stage", ">=", "prod", "alpha,beta")]
    [InlineData("note", "=", "O'Brien", "alpha")]
    [InlineData("missing", "LIKE", "%", "")]
    [InlineData("missing", "!=", "x", "")]
    public async Task SearchModels_Tags_CompareStringsAndModelsWithoutTheTagNeverMatch(string key, string op, string value, string expected)
    {
        await SeedAsync();
        (await NamesAsync(Tag(key, Op(op), value))).Should().BeEquivalentTo(Split(expected));
    }

    [Fact]
    public async Task SearchModels_AndOr_CombineAsTheTreeSays()
    {
        await SeedAsync();
        var groupX = Tag("group", ComparisonOperator.Equal, "x");
        var versioned = Attr(ModelAttributes.LatestVersion, ComparisonOperator.GreaterThan, 0d);
        var early = Attr(ModelAttributes.CreatedAt, ComparisonOperator.LessThanOrEqual, (double)Ms(2));
        var described = Attr(ModelAttributes.Description, ComparisonOperator.Like, "%");

        (await NamesAsync(new AndExpression(groupX, versioned))).Should().BeEquivalentTo("alpha");
        (await NamesAsync(new OrExpression(groupX, early))).Should().BeEquivalentTo("alpha", "beta", "gamma");
        (await NamesAsync(new AndExpression(new OrExpression(groupX, early), versioned))).Should().BeEquivalentTo("alpha", "beta");
        (await NamesAsync(new OrExpression(groupX, new AndExpression(early, versioned)))).Should().BeEquivalentTo("alpha", "beta", "gamma");
        (await NamesAsync(new AndExpression(described, new OrExpression(groupX, versioned)))).Should().BeEquivalentTo("alpha", "gamma", "delta");
        (await NamesAsync(new AndExpression(groupX, Tag("group", ComparisonOperator.Equal, "y")))).Should().BeEmpty();
    }

    [Fact]
    public async Task SearchModels_NoFilterNoOrder_ReturnsEveryModelByNameWithFullData()
    {
        await SeedAsync();

        var page = await Registry.SearchRegisteredModelsAsync(new ModelSearchRequest(null, []), Ct);

        page.Models.Select(m => m.Name).Should().Equal("alpha", "beta", "delta", "gamma");
        page.NextPageToken.Should().BeNull();
        foreach (var model in page.Models)
        {
            model.Should().BeEquivalentTo(await GetModelAsync(model.Name), "search results carry the full model");
        }

        var alpha = page.Models[0];
        alpha.Tags.Should().Contain("note", "O'Brien");
        alpha.Aliases.Should().BeEquivalentTo(new Dictionary<string, int> { ["champion"] = 2 });
        alpha.LatestVersion.Should().Be(2);
        alpha.UpdatedAt.Should().Be(T0.AddSeconds(300));
        page.Models[1].Description.Should().BeNull();
    }

    [Fact]
    public async Task SearchModels_EmptyStoreOrNoMatch_ReturnsAnEmptyLastPage()
    {
        var empty = await Registry.SearchRegisteredModelsAsync(new ModelSearchRequest(null, []), Ct);
        empty.Models.Should().BeEmpty();
        empty.NextPageToken.Should().BeNull();

        await SeedAsync();
        (await NamesAsync(Attr(ModelAttributes.Name, ComparisonOperator.Equal, "omega"))).Should().BeEmpty();
    }

    [Fact]
    public async Task SearchModels_OrderByAttributes_SortsInBothDirections()
    {
        await SeedAsync();

        (await NamesAsync(null, ByAttr(ModelAttributes.Name, descending: true))).Should().Equal("gamma", "delta", "beta", "alpha");
        (await NamesAsync(null, ByAttr(ModelAttributes.CreatedAt))).Should().Equal("alpha", "beta", "gamma", "delta");
        (await NamesAsync(null, ByAttr(ModelAttributes.CreatedAt, descending: true))).Should().Equal("delta", "gamma", "beta", "alpha");
        (await NamesAsync(null, ByAttr(ModelAttributes.UpdatedAt))).Should().Equal("beta", "gamma", "alpha", "delta");
        (await NamesAsync(null, ByAttr(ModelAttributes.LatestVersion))).Should().Equal("gamma", "beta", "alpha", "delta");
        (await NamesAsync(null, ByAttr(ModelAttributes.LatestVersion, descending: true))).Should().Equal("delta", "alpha", "beta", "gamma");
    }

    [Fact]
    public async Task SearchModels_OrderByDescriptionOrTag_PutsModelsWithoutItLastInBothDirections()
    {
        await SeedAsync();

        (await NamesAsync(null, ByAttr(ModelAttributes.Description))).Should().Equal("alpha", "gamma", "delta", "beta");
        (await NamesAsync(null, ByAttr(ModelAttributes.Description, descending: true))).Should().Equal("delta", "gamma", "alpha", "beta");
        (await NamesAsync(null, By(SearchEntity.Tag, "stage"))).Should().Equal("delta", "alpha", "beta", "gamma");
        (await NamesAsync(null, By(SearchEntity.Tag, "stage", descending: true))).Should().Equal("beta", "alpha", "delta", "gamma");
    }

    [Fact]
    public async Task SearchModels_SeveralOrderTerms_ApplyInTurnAndTiesBreakByNameAscending()
    {
        await SeedAsync();

        (await NamesAsync(null, By(SearchEntity.Tag, "group"), ByAttr(ModelAttributes.LatestVersion, descending: true)))
            .Should().Equal("alpha", "gamma", "delta", "beta");
        (await NamesAsync(null, By(SearchEntity.Tag, "group", descending: true))).Should().Equal("beta", "delta", "alpha", "gamma");
        (await NamesAsync(null, By(SearchEntity.Tag, "none", descending: true))).Should().Equal("alpha", "beta", "delta", "gamma");
        (await NamesAsync(Tag("group", ComparisonOperator.Equal, "y"), By(SearchEntity.Tag, "group"))).Should().Equal("beta", "delta");
    }

    [Fact]
    public async Task SearchModels_SameCreationTime_BreaksTiesByNameAscending()
    {
        foreach (var name in new[] { "m3", "m1", "m2" })
        {
            await CreateModelAsync(name, createdAt: T0);
        }

        (await NamesAsync(null, ByAttr(ModelAttributes.CreatedAt, descending: true))).Should().Equal("m1", "m2", "m3");
        (await NamesAsync(null, ByAttr(ModelAttributes.CreatedAt))).Should().Equal("m1", "m2", "m3");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SearchModels_Paging_ReturnsEveryMatchExactlyOnceInOrder(bool filtered)
    {
        for (var i = 0; i < 23; i++)
        {
            // Pairs share a creation time so that the name tie-break matters across page boundaries.
            await CreateModelAsync($"m{22 - i:00}", tags: Tags(("mod", (i % 5).ToString(System.Globalization.CultureInfo.InvariantCulture))),
                createdAt: T0.AddSeconds(i / 2));
        }

        FilterExpression? filter = filtered ? Tag("mod", ComparisonOperator.GreaterThanOrEqual, "1") : null;
        OrderByTerm[] order = filtered ? [By(SearchEntity.Tag, "mod", true), ByAttr(ModelAttributes.CreatedAt)] : [ByAttr(ModelAttributes.CreatedAt, true)];
        var all = await Registry.SearchRegisteredModelsAsync(new ModelSearchRequest(filter, order, 50_000), Ct);
        all.Models.Should().HaveCount(filtered ? 18 : 23);
        all.NextPageToken.Should().BeNull();

        var paged = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Registry.SearchRegisteredModelsAsync(new ModelSearchRequest(filter, order, 5, token), Ct);
            page.Models.Count.Should().BeLessThanOrEqualTo(5);
            paged.AddRange(page.Models.Select(m => m.Name));
            token = page.NextPageToken;
            pages++;
            pages.Should().BeLessThan(10, "paging must end");
        }
        while (token is not null);

        paged.Should().Equal(all.Models.Select(m => m.Name));
        paged.Should().OnlyHaveUniqueItems();
        pages.Should().Be((all.Models.Count + 4) / 5);
    }

    [Fact]
    public async Task SearchModels_ExactlyOnePageOfResults_HasNoNextToken()
    {
        await SeedAsync();

        var page = await Registry.SearchRegisteredModelsAsync(new ModelSearchRequest(null, [], 4), Ct);

        page.Models.Should().HaveCount(4);
        page.NextPageToken.Should().BeNull("the last page has no next token, even when it is full");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("' OR 1=1 --")]
    [InlineData("eyJvZmZzZXQiOjF9")]
    public async Task SearchModels_MalformedPageToken_IsAValidationError(string token)
    {
        await SeedAsync();

        var act = () => Registry.SearchRegisteredModelsAsync(new ModelSearchRequest(null, [], 1, token), Ct);

        (await act.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("page token");
    }

    [Fact]
    public async Task SearchModels_PageTokenOfAnotherQuery_IsAValidationError()
    {
        await SeedAsync();
        var first = await Registry.SearchRegisteredModelsAsync(new ModelSearchRequest(null, [], 1), Ct);
        first.NextPageToken.Should().NotBeNull();

        var otherFilter = () => Registry.SearchRegisteredModelsAsync(
            new ModelSearchRequest(Attr(ModelAttributes.LatestVersion, ComparisonOperator.GreaterThan, 0d), [], 1, first.NextPageToken), Ct);
        var otherOrder = () => Registry.SearchRegisteredModelsAsync(
            new ModelSearchRequest(null, [ByAttr(ModelAttributes.CreatedAt)], 1, first.NextPageToken), Ct);

        (await otherFilter.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("page token");
        (await otherOrder.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("page token");
    }

    [Fact]
    public async Task SearchModels_PageTokenOfARunSearch_IsAValidationError()
    {
        await SeedAsync();
        var experiment = (await CreateExperimentAsync()).ExperimentId;
        await CreateRunAsync(experiment);
        await CreateRunAsync(experiment);
        var runPage = await Store.SearchRunsAsync(new RunSearchRequest([experiment], null, [], 1), Ct);
        runPage.NextPageToken.Should().NotBeNull();

        var act = () => Registry.SearchRegisteredModelsAsync(new ModelSearchRequest(null, [], 1, runPage.NextPageToken), Ct);

        (await act.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("page token");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(50_001)]
    public async Task SearchModels_MaxResultsOutOfRange_IsAValidationError(int maxResults)
    {
        await SeedAsync();

        var act = () => Registry.SearchRegisteredModelsAsync(new ModelSearchRequest(null, [], maxResults), Ct);

        await act.Should().ThrowAsync<MlopsValidationException>();
    }

    [Theory]
    [InlineData(SearchEntity.Metric, "acc")]
    [InlineData(SearchEntity.Param, "lr")]
    [InlineData(SearchEntity.Attribute, "status")]
    [InlineData(SearchEntity.Attribute, "run_name")]
    [InlineData(SearchEntity.Attribute, "x'; DROP TABLE registered_models; --")]
    public async Task SearchModels_FieldsModelsDoNotHave_AreRefusedInFilters(SearchEntity entity, string key)
    {
        await SeedAsync();
        var before = await SnapshotModelsAsync("alpha");
        object value = entity == SearchEntity.Metric ? 0.5 : "x";

        var act = () => Registry.SearchRegisteredModelsAsync(
            new ModelSearchRequest(new ComparisonExpression(new SearchField(entity, key), ComparisonOperator.Equal, value), []), Ct);

        await act.Should().ThrowAsync<MlopsValidationException>();
        await ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData(SearchEntity.Metric, "acc")]
    [InlineData(SearchEntity.Param, "lr")]
    public async Task SearchModels_MetricsAndParams_AreRefusedInOrdering(SearchEntity entity, string key)
    {
        await SeedAsync();

        var act = () => Registry.SearchRegisteredModelsAsync(new ModelSearchRequest(null, [By(entity, key)]), Ct);

        await act.Should().ThrowAsync<MlopsValidationException>();
    }

    [Fact]
    public async Task SearchModels_SqlLookingLiteralsAndKeys_MatchNothingAndChangeNothing()
    {
        await SeedAsync();
        var before = await SnapshotModelsAsync("alpha", "beta", "gamma", "delta");
        string[] literals =
        [
            "' OR 1=1 --", "\"; DROP TABLE registered_models; --", "alpha' OR 'a'='a", "%' OR '1'='1", "alpha'); DELETE FROM model_versions; --",
            "ml\" OR \"\"=\"", "'; UPDATE registered_models SET description='x'; --",
        ];

        foreach (var literal in literals)
        {
            (await NamesAsync(Attr(ModelAttributes.Name, ComparisonOperator.Equal, literal))).Should().BeEmpty();
            (await NamesAsync(Attr(ModelAttributes.Name, ComparisonOperator.ILike, literal))).Should().BeEmpty();
            (await NamesAsync(Attr(ModelAttributes.Description, ComparisonOperator.Like, literal))).Should().BeEmpty();
            (await NamesAsync(Tag("team", ComparisonOperator.Equal, literal))).Should().BeEmpty();
        }

        (await NamesAsync(Tag("drop table registered_models", ComparisonOperator.NotEqual, "x"))).Should().BeEmpty();
        (await NamesAsync(null, By(SearchEntity.Tag, "x DESC"))).Should().HaveCount(4);

        // Keys a parser would refuse: a provider may refuse them too, but must never run them as SQL.
        foreach (var key in new[] { "x'; DROP TABLE registered_models; --", "team\" = \"ml\" OR \"1", "a`) OR (1=1" })
        {
            try
            {
                (await NamesAsync(Tag(key, ComparisonOperator.NotEqual, "zzz"))).Should().BeEmpty();
            }
            catch (MlopsValidationException)
            {
            }
        }

        await ShouldBeUnchangedAsync(before);
        (await NamesAsync(null)).Should().HaveCount(4);
        (await JournalVerifier.VerifyAsync(Store, Ct)).IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task SearchModels_SeesRenamesAndNewVersions()
    {
        await SeedAsync();

        await Registry.RenameRegisteredModelAsync("gamma", "epsilon", T0.AddSeconds(500), Draft(JournalKinds.ModelRenamed, "model/epsilon"), Ct);
        await RegisterAsync("epsilon");

        (await NamesAsync(Attr(ModelAttributes.Name, ComparisonOperator.Equal, "gamma"))).Should().BeEmpty();
        (await NamesAsync(Attr(ModelAttributes.LatestVersion, ComparisonOperator.Equal, 1d))).Should().BeEquivalentTo("beta", "epsilon");
        (await NamesAsync(null)).Should().Equal("alpha", "beta", "delta", "epsilon");
    }

    private static ComparisonOperator Op(string op) => op switch
    {
        "=" => ComparisonOperator.Equal,
        "!=" => ComparisonOperator.NotEqual,
        "<" => ComparisonOperator.LessThan,
        "<=" => ComparisonOperator.LessThanOrEqual,
        ">" => ComparisonOperator.GreaterThan,
        ">=" => ComparisonOperator.GreaterThanOrEqual,
        "LIKE" => ComparisonOperator.Like,
        "ILIKE" => ComparisonOperator.ILike,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "unknown operator"),
    };
}
