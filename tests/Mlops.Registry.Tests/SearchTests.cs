using Mlops.Search;

namespace Mlops.Registry.Tests;

public sealed class SearchTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<RegistryHarness> ThreeModelsAsync()
    {
        var h = new RegistryHarness();
        await h.RegisterPenguinsAsync(models, "penguins-sdca");
        await h.RegisterPenguinsAsync(models, "penguins-sdca");
        await h.RegisterPenguinsAsync(models, "penguins-lbfgs");
        await h.RegisterCarsAsync(models, "cars");
        await h.Registry.SetModelTagAsync("penguins-sdca", "team", "ml", Ct);
        await h.Registry.SetModelTagAsync("cars", "team", "Ops", Ct);
        await h.Registry.UpdateModelDescriptionAsync("cars", "miles per gallon", Ct);
        return h;
    }

    [Fact]
    public async Task Models_are_found_by_name_tags_and_latest_version()
    {
        await using var h = await ThreeModelsAsync();

        async Task<IEnumerable<string>> Names(string filter) =>
            (await h.Registry.SearchModelsAsync(new ModelQuery { Filter = filter }, Ct)).Models.Select(m => m.Name);

        (await Names("name LIKE 'penguins%'")).Should().Equal("penguins-lbfgs", "penguins-sdca");
        (await Names("tags.team ILIKE 'ops'")).Should().Equal("cars");
        (await Names("attributes.latest_version >= 2")).Should().Equal("penguins-sdca");
        (await Names("description ILIKE '%gallon%' OR tags.team = 'ml'")).Should().Equal("cars", "penguins-sdca");
        (await Names("name != 'cars' AND (latest_version = 1 OR tags.team = 'ml')")).Should().Equal("penguins-lbfgs", "penguins-sdca");
    }

    [Fact]
    public async Task Results_are_ordered_and_paged()
    {
        await using var h = await ThreeModelsAsync();

        var first = await h.Registry.SearchModelsAsync(new ModelQuery { OrderBy = ["latest_version DESC", "name"], MaxResults = 2 }, Ct);
        var second = await h.Registry.SearchModelsAsync(new ModelQuery { OrderBy = ["latest_version DESC", "name"], MaxResults = 2, PageToken = first.NextPageToken }, Ct);

        first.Models.Select(m => m.Name).Should().Equal("penguins-sdca", "cars");
        second.Models.Select(m => m.Name).Should().Equal("penguins-lbfgs");
        second.NextPageToken.Should().BeNull();
        (await h.Registry.ListModelsAsync(Ct)).Select(m => m.Name).Should().Equal("cars", "penguins-lbfgs", "penguins-sdca");
    }

    [Theory]
    [InlineData("metrics.accuracy > 0.9", 0)]
    [InlineData("name = 'x' AND params.trainer = 'sdca'", 15)]
    [InlineData("attributes.status = 'READY'", 11)]
    public async Task Run_fields_are_refused_with_the_position(string filter, int position)
    {
        await using var h = new RegistryHarness();

        var error = (await FluentActions.Awaiting(() => h.Registry.SearchModelsAsync(new ModelQuery { Filter = filter }, Ct))
            .Should().ThrowAsync<SearchParseException>()).Which;

        error.Position.Should().Be(position);
    }

    [Fact]
    public void The_model_language_types_its_attributes()
    {
        ModelSearchParser.ParseFilter("latest_version > 2").Should().Be(
            new ComparisonExpression(new SearchField(SearchEntity.Attribute, "latest_version"), ComparisonOperator.GreaterThan, 2.0));
        ModelSearchParser.ParseFilter("tags.`my tag` = 'x'").Should().Be(
            new ComparisonExpression(new SearchField(SearchEntity.Tag, "my tag"), ComparisonOperator.Equal, "x"));
        ModelSearchParser.ParseFilter("  ").Should().BeNull();
        ModelSearchParser.ParseOrderBy(["created_at DESC"]).Should().Equal(new OrderByTerm(new SearchField(SearchEntity.Attribute, "created_at"), true));
        FluentActions.Invoking(() => ModelSearchParser.ParseFilter("name > 'a'")).Should().Throw<SearchParseException>()
            .Which.Expected.Should().StartWith("a string comparison operator");
        FluentActions.Invoking(() => ModelSearchParser.ParseFilter("created_at LIKE '1%'")).Should().Throw<SearchParseException>()
            .Which.Expected.Should().StartWith("a numeric comparison operator");
        FluentActions.Invoking(() => ModelSearchParser.ParseFilter("metrics.acc > 1")).Should().Throw<SearchParseException>()
            .Which.Expected.Should().Contain("metrics and params belong to runs");
        FluentActions.Invoking(() => RunSearchParser.ParseFilter("latest_version > 1")).Should().Throw<SearchParseException>(
            "the run language keeps its own attributes");
    }
}
