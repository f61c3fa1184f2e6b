using Mlops.Journal;
using Mlops.Registry;
using Mlops.Tracking;

namespace Mlops.Storage.Conformance.Registry;

/// <summary>
/// Lineage: the versions a run produced, and the versions whose producing run consumed a dataset (runs and dataset
/// inputs are created through the tracking part of the store). Both ordered by model name, then version.
/// </summary>
/// <typeparam name="TProvider">The provider under test.</typeparam>
public abstract class RegistryLineageConformanceTests<TProvider> : RegistryConformanceBase<TProvider>
    where TProvider : IStoreConformanceProvider, new()
{
    private static readonly string DatasetA = new('a', 64);
    private static readonly string DatasetB = "0123456789abcdef".PadRight(64, 'b');
    private static readonly string Unused = new('c', 64);

    private static DatasetInput Dataset(string digest, string context) => new("penguins", digest, "file:///data/penguins.csv", null, 344, context);

    private static IEnumerable<(string, int)> Keys(IEnumerable<ModelVersion> versions) => versions.Select(v => (v.ModelName, v.Version));

    [Fact]
    public async Task FindModelVersionsByRun_ListsTheRunsVersionsByModelNameThenVersion()
    {
        var trainer = await NewRunAsync();
        var other = await NewRunAsync();
        await CreateModelAsync("zeta");
        await CreateModelAsync("alpha");
        await RegisterAsync("zeta", trainer);
        await RegisterAsync("alpha", other);
        await RegisterAsync("alpha", trainer);
        await RegisterAsync("alpha");
        await RegisterAsync("alpha", trainer);

        var found = await Registry.FindModelVersionsByRunAsync(trainer, Ct);

        Keys(found).Should().Equal(("alpha", 2), ("alpha", 4), ("zeta", 1));
        found.Should().OnlyContain(v => v.RunId == trainer);
        foreach (var version in found)
        {
            version.Should().BeEquivalentTo(await GetVersionAsync(version.ModelName, version.Version), "lineage returns full versions");
        }

        Keys(await Registry.FindModelVersionsByRunAsync(other, Ct)).Should().Equal(("alpha", 1));
    }

    [Fact]
    public async Task FindModelVersionsByRun_RunWithoutVersionsOrUnknownRun_IsEmpty()
    {
        var idle = await NewRunAsync();
        await CreateModelAsync("penguins");
        await RegisterAsync("penguins");

        (await Registry.FindModelVersionsByRunAsync(idle, Ct)).Should().BeEmpty();
        (await Registry.FindModelVersionsByRunAsync(NewId(), Ct)).Should().BeEmpty();
        (await Registry.FindModelVersionsByRunAsync("' OR 1=1 --", Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task FindModelVersionsByRun_ReflectsAliasesStatusAndDeletion()
    {
        var runId = await NewRunAsync();
        await CreateModelAsync("penguins");
        await RegisterAsync("penguins", runId);
        await RegisterAsync("penguins", runId);
        await RegisterAsync("penguins", runId);
        await SetAliasAsync("penguins", "champion", 1, null);
        await Registry.SetModelVersionStatusAsync("penguins", 2, ModelVersionStatus.Archived, Draft(JournalKinds.ModelVersionStatusChanged, "model/penguins/2"), Ct);
        await Registry.DeleteModelVersionAsync("penguins", 3, Draft(JournalKinds.ModelVersionDeleted, "model/penguins/3"), Ct);

        var found = await Registry.FindModelVersionsByRunAsync(runId, Ct);

        Keys(found).Should().Equal(("penguins", 1), ("penguins", 2));
        found[0].Aliases.Should().Equal("champion");
        found[1].Status.Should().Be(ModelVersionStatus.Archived);
    }

    [Fact]
    public async Task FindModelVersionsByDatasetDigest_FollowsRunsThatConsumedIt()
    {
        var first = await NewRunAsync(T0);
        var second = await NewRunAsync(T0.AddMinutes(1));
        var unrelated = await NewRunAsync(T0.AddMinutes(2));
        await Store.LogDatasetInputAsync(first, Dataset(DatasetA, "training"), Ct);
        await Store.LogDatasetInputAsync(second, Dataset(DatasetA, "training"), Ct);
        await Store.LogDatasetInputAsync(second, Dataset(DatasetA, "evaluation"), Ct);
        await Store.LogDatasetInputAsync(second, Dataset(DatasetB, "evaluation"), Ct);
        await Store.LogDatasetInputAsync(unrelated, Dataset(Unused, "training"), Ct);
        await CreateModelAsync("zeta");
        await CreateModelAsync("alpha");
        await RegisterAsync("zeta", second);
        await RegisterAsync("alpha", first);
        await RegisterAsync("alpha");
        await RegisterAsync("alpha", second);
        await RegisterAsync("alpha", unrelated);

        var byA = await Registry.FindModelVersionsByDatasetDigestAsync(DatasetA, Ct);
        var byB = await Registry.FindModelVersionsByDatasetDigestAsync(DatasetB, Ct);

        Keys(byA).Should().Equal([("alpha", 1), ("alpha", 3), ("zeta", 1)], "a run that used the dataset twice still yields each version once");
        Keys(byB).Should().Equal(("alpha", 3), ("zeta", 1));
        foreach (var version in byA)
        {
            version.Should().BeEquivalentTo(await GetVersionAsync(version.ModelName, version.Version));
        }
    }

    [Fact]
    public async Task FindModelVersionsByDatasetDigest_WithoutVersions_IsEmpty()
    {
        var runId = await NewRunAsync();
        await Store.LogDatasetInputAsync(runId, Dataset(DatasetA, "training"), Ct);
        await CreateModelAsync("penguins");
        await RegisterAsync("penguins");

        (await Registry.FindModelVersionsByDatasetDigestAsync(DatasetA, Ct)).Should().BeEmpty("the run registered nothing");
        (await Registry.FindModelVersionsByDatasetDigestAsync(Unused, Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task Lineage_FollowsARename()
    {
        var runId = await NewRunAsync();
        await Store.LogDatasetInputAsync(runId, Dataset(DatasetA, "training"), Ct);
        await CreateModelAsync("before");
        await RegisterAsync("before", runId);

        await Registry.RenameRegisteredModelAsync("before", "after", T0.AddHours(1), Draft(JournalKinds.ModelRenamed, "model/after"), Ct);

        Keys(await Registry.FindModelVersionsByRunAsync(runId, Ct)).Should().Equal(("after", 1));
        Keys(await Registry.FindModelVersionsByDatasetDigestAsync(DatasetA, Ct)).Should().Equal(("after", 1));
    }

    [Fact]
    public async Task Lineage_IsVisibleToASecondInstance()
    {
        var runId = await NewRunAsync();
        await Store.LogDatasetInputAsync(runId, Dataset(DatasetA, "training"), Ct);
        await CreateModelAsync("penguins");
        await RegisterAsync("penguins", runId);
        var second = RegistryOf(await OpenSecondAsync());

        Keys(await second.FindModelVersionsByRunAsync(runId, Ct)).Should().Equal(("penguins", 1));
        Keys(await second.FindModelVersionsByDatasetDigestAsync(DatasetA, Ct)).Should().Equal(("penguins", 1));
    }
}
