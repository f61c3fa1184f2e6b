using Mlops.Tracking;

namespace Mlops.Storage.Conformance;

/// <summary>Params (immutable, all or nothing) and tags (replace, delete, all or nothing).</summary>
/// <typeparam name="TProvider">The provider under test.</typeparam>
public abstract class ParamTagConformanceTests<TProvider> : StoreConformanceBase<TProvider>
    where TProvider : IStoreConformanceProvider, new()
{
    private async Task<string> NewRunAsync() => await CreateRunAsync((await CreateExperimentAsync()).ExperimentId);

    private static Dictionary<string, string> Map(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public async Task LogParams_AreReturnedWithTheRunAndDoNotJournal()
    {
        var runId = await NewRunAsync();
        var head = await Store.GetJournalHeadAsync(Ct);
        var parameters = Map(("lr", "0.01"), ("model/type", "tree"), ("with space", "a 'quoted' \"value\""), ("ünï", "ж"), ("empty", ""));

        await Store.LogParamsAsync(runId, parameters, Ct);

        (await GetRunAsync(runId)).Params.Should().BeEquivalentTo(parameters);
        (await Store.GetJournalHeadAsync(Ct)).Should().Be(head);
    }

    [Fact]
    public async Task LogParams_SameKeySameValue_IsANoOp()
    {
        var runId = await NewRunAsync();
        await Store.LogParamsAsync(runId, Map(("lr", "0.01")), Ct);

        await Store.LogParamsAsync(runId, Map(("lr", "0.01"), ("depth", "3")), Ct);

        (await GetRunAsync(runId)).Params.Should().BeEquivalentTo(Map(("lr", "0.01"), ("depth", "3")));
    }

    [Fact]
    public async Task LogParams_SameKeyDifferentValue_IsAConflictNamingBothValuesAndWritesNoneOfTheBatch()
    {
        var runId = await NewRunAsync();
        await Store.LogParamsAsync(runId, Map(("lr", "0.01")), Ct);
        var before = await SnapshotAsync(runId);

        var act = () => Store.LogParamsAsync(runId, Map(("aaa", "first"), ("lr", "0.02"), ("zzz", "last")), Ct);

        (await act.Should().ThrowAsync<MlopsConflictException>()).Which.Message.Should().Contain("lr").And.Contain("0.01").And.Contain("0.02");
        await ShouldBeUnchangedAsync(before, runId);
    }

    [Theory]
    [InlineData("bad;key")]
    [InlineData("/abs")]
    [InlineData("a/../b")]
    [InlineData("")]
    public async Task LogParams_InvalidKey_IsAValidationErrorAndWritesNoneOfTheBatch(string key)
    {
        var runId = await NewRunAsync();
        var before = await SnapshotAsync(runId);

        var act = () => Store.LogParamsAsync(runId, Map(("good", "1"), (key, "2")), Ct);

        await act.Should().ThrowAsync<MlopsValidationException>();
        await ShouldBeUnchangedAsync(before, runId);
    }

    [Fact]
    public async Task LogParams_ValueLengthLimit_IsEnforced()
    {
        var runId = await NewRunAsync();
        var longest = new string('v', InputRules.MaxParamValueLength);
        await Store.LogParamsAsync(runId, Map(("max", longest)), Ct);
        var before = await SnapshotAsync(runId);

        var act = () => Store.LogParamsAsync(runId, Map(("ok", "1"), ("over", longest + "v")), Ct);

        await act.Should().ThrowAsync<MlopsValidationException>();
        await ShouldBeUnchangedAsync(before, runId);
        (await GetRunAsync(runId)).Params["max"].Should().Be(longest);
    }

    [Fact]
    public async Task LogParams_OnAnEndedRun_IsAllowed()
    {
        var runId = await NewRunAsync();
        await EndRunAsync(runId, RunStatus.Finished, T0.AddMinutes(1));

        await Store.LogParamsAsync(runId, Map(("late", "yes")), Ct);

        (await GetRunAsync(runId)).Params.Should().Contain("late", "yes");
    }

    [Fact]
    public async Task ParamsAndTags_OnAnUnknownRun_AreNotFound()
    {
        var missing = NewId();

        (await FluentActions.Awaiting(() => Store.LogParamsAsync(missing, Map(("a", "1")), Ct)).Should().ThrowAsync<MlopsNotFoundException>())
            .Which.Should().BeEquivalentTo(new { EntityKind = "run", Identifier = missing });
        (await FluentActions.Awaiting(() => Store.SetTagsAsync(missing, Map(("a", "1")), Ct)).Should().ThrowAsync<MlopsNotFoundException>())
            .Which.EntityKind.Should().Be("run");
        (await FluentActions.Awaiting(() => Store.DeleteTagAsync(missing, "a", Ct)).Should().ThrowAsync<MlopsNotFoundException>())
            .Which.EntityKind.Should().Be("run");
    }

    [Fact]
    public async Task SetTags_InsertsAndReplacesWithoutJournaling()
    {
        var runId = await NewRunAsync();
        var head = await Store.GetJournalHeadAsync(Ct);

        await Store.SetTagsAsync(runId, Map(("team", "ml"), ("stage", "dev")), Ct);
        await Store.SetTagsAsync(runId, Map(("stage", "prod"), ("owner", "o'neil")), Ct);

        (await GetRunAsync(runId)).Tags.Should().BeEquivalentTo(Map(("team", "ml"), ("stage", "prod"), ("owner", "o'neil")));
        (await Store.GetJournalHeadAsync(Ct)).Should().Be(head);
    }

    [Fact]
    public async Task SetTags_InvalidEntry_IsAValidationErrorAndWritesNoneOfTheBatch()
    {
        var runId = await NewRunAsync();
        await Store.SetTagsAsync(runId, Map(("stage", "dev")), Ct);
        var before = await SnapshotAsync(runId);

        var badKey = () => Store.SetTagsAsync(runId, Map(("stage", "prod"), ("new", "1"), ("bad key!", "x")), Ct);
        var longValue = () => Store.SetTagsAsync(runId, Map(("stage", "prod"), ("long", new string('x', InputRules.MaxTagValueLength + 1))), Ct);

        await badKey.Should().ThrowAsync<MlopsValidationException>();
        await longValue.Should().ThrowAsync<MlopsValidationException>();
        await ShouldBeUnchangedAsync(before, runId);
    }

    [Fact]
    public async Task DeleteTag_RemovesItAndAnAbsentTagIsANoOp()
    {
        var runId = await NewRunAsync();
        await Store.SetTagsAsync(runId, Map(("a", "1"), ("b", "2")), Ct);

        await Store.DeleteTagAsync(runId, "a", Ct);
        await Store.DeleteTagAsync(runId, "a", Ct);
        await Store.DeleteTagAsync(runId, "never-set", Ct);

        (await GetRunAsync(runId)).Tags.Should().BeEquivalentTo(Map(("b", "2")));
    }

    [Fact]
    public async Task ParamsAndTags_AreScopedToTheirRun()
    {
        var experiment = await CreateExperimentAsync();
        var first = await CreateRunAsync(experiment.ExperimentId);
        var second = await CreateRunAsync(experiment.ExperimentId);

        await Store.LogParamsAsync(first, Map(("lr", "0.1")), Ct);
        await Store.LogParamsAsync(second, Map(("lr", "0.2")), Ct);
        await Store.SetTagsAsync(first, Map(("t", "x")), Ct);

        (await GetRunAsync(first)).Params["lr"].Should().Be("0.1");
        (await GetRunAsync(second)).Params["lr"].Should().Be("0.2");
        (await GetRunAsync(second)).Tags.Should().BeEmpty();
    }
}
