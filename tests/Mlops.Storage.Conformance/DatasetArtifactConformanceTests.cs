using Mlops.Tracking;

namespace Mlops.Storage.Conformance;

/// <summary>Dataset inputs (idempotent, found by digest) and run artifact mappings (replace, directory-prefix listing).</summary>
/// <typeparam name="TProvider">The provider under test.</typeparam>
public abstract class DatasetArtifactConformanceTests<TProvider> : StoreConformanceBase<TProvider>
    where TProvider : IStoreConformanceProvider, new()
{
    private static readonly string DigestA = new('a', 64);
    private static readonly string DigestB = "0123456789abcdef".PadRight(64, 'f');
    private static readonly string DigestC = new('c', 64);

    private async Task<string> NewRunAsync(DateTimeOffset? start = null, string? experimentId = null) =>
        await CreateRunAsync(experimentId ?? (await CreateExperimentAsync()).ExperimentId, startTime: start);

    private static DatasetInput Dataset(string digest, string context = "training", string? schema = null, long? rows = null) =>
        new("penguins", digest, "file:///data/penguins.csv", schema, rows, context);

    [Fact]
    public async Task LogDatasetInput_IsReturnedWithTheRunWithAllFields()
    {
        var runId = await NewRunAsync();
        var withAll = Dataset(DigestA, "training", "{\"columns\":[{\"name\":\"bill\",\"type\":\"float\"}]}", 344);
        var withNulls = Dataset(DigestB, "evaluation");

        await Store.LogDatasetInputAsync(runId, withAll, Ct);
        await Store.LogDatasetInputAsync(runId, withNulls, Ct);

        (await GetRunAsync(runId)).Inputs.Should().BeEquivalentTo([withAll, withNulls]);
    }

    [Fact]
    public async Task LogDatasetInput_SameDigestAndContextTwice_IsANoOp()
    {
        var runId = await NewRunAsync();

        await Store.LogDatasetInputAsync(runId, Dataset(DigestA), Ct);
        await Store.LogDatasetInputAsync(runId, Dataset(DigestA), Ct);
        await Store.LogDatasetInputAsync(runId, Dataset(DigestA, "evaluation"), Ct);

        var inputs = (await GetRunAsync(runId)).Inputs;
        inputs.Should().HaveCount(2);
        inputs.Select(i => i.Context).Should().BeEquivalentTo("training", "evaluation");
    }

    [Theory]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("' OR 1=1 --")]
    public async Task LogDatasetInput_InvalidDigest_IsAValidationErrorAndWritesNothing(string digest)
    {
        var runId = await NewRunAsync();
        var before = await SnapshotAsync(runId);

        var act = () => Store.LogDatasetInputAsync(runId, Dataset(digest), Ct);

        await act.Should().ThrowAsync<MlopsValidationException>();
        await ShouldBeUnchangedAsync(before, runId);
    }

    [Fact]
    public async Task DatasetsAndArtifacts_OnAnUnknownRun_AreNotFound()
    {
        var missing = NewId();

        (await FluentActions.Awaiting(() => Store.LogDatasetInputAsync(missing, Dataset(DigestA), Ct)).Should().ThrowAsync<MlopsNotFoundException>())
            .Which.Should().BeEquivalentTo(new { EntityKind = "run", Identifier = missing });
        (await FluentActions.Awaiting(() => Store.AddRunArtifactAsync(missing, new RunArtifact("a.txt", DigestA, 1), Ct)).Should().ThrowAsync<MlopsNotFoundException>())
            .Which.EntityKind.Should().Be("run");
        (await Store.FindRunsByDatasetDigestAsync(DigestC, Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task FindRunsByDatasetDigest_ListsConsumersByStartTime()
    {
        var experiment = await CreateExperimentAsync();
        var late = await NewRunAsync(T0.AddHours(2), experiment.ExperimentId);
        var early = await NewRunAsync(T0.AddHours(1), experiment.ExperimentId);
        var other = await NewRunAsync(T0, experiment.ExperimentId);
        await Store.LogDatasetInputAsync(late, Dataset(DigestA), Ct);
        await Store.LogDatasetInputAsync(early, Dataset(DigestA, "evaluation"), Ct);
        await Store.LogDatasetInputAsync(early, Dataset(DigestA, "training"), Ct);
        await Store.LogDatasetInputAsync(other, Dataset(DigestB), Ct);

        var consumers = await Store.FindRunsByDatasetDigestAsync(DigestA, Ct);

        consumers.Select(r => r.RunId).Should().Equal(early, late);
        (await Store.FindRunsByDatasetDigestAsync(DigestB, Ct)).Select(r => r.RunId).Should().Equal(other);
    }

    [Fact]
    public async Task AddRunArtifact_ListsByPathAndReplacesTheSamePathWithoutJournaling()
    {
        var runId = await NewRunAsync();
        var head = await Store.GetJournalHeadAsync(Ct);

        await Store.AddRunArtifactAsync(runId, new RunArtifact("model/model.zip", DigestA, 100), Ct);
        await Store.AddRunArtifactAsync(runId, new RunArtifact("README.md", DigestB, 5), Ct);
        await Store.AddRunArtifactAsync(runId, new RunArtifact("data/train.csv", DigestB, 7), Ct);
        await Store.AddRunArtifactAsync(runId, new RunArtifact("model/model.zip", DigestC, 200), Ct);

        (await Store.ListRunArtifactsAsync(runId, null, Ct)).Should().Equal(
            new RunArtifact("README.md", DigestB, 5),
            new RunArtifact("data/train.csv", DigestB, 7),
            new RunArtifact("model/model.zip", DigestC, 200));
        (await Store.GetJournalHeadAsync(Ct)).Should().Be(head);
    }

    [Fact]
    public async Task ListRunArtifacts_WithAPrefix_UsesDirectorySemantics()
    {
        var runId = await NewRunAsync();
        string[] paths = ["model", "model/a.bin", "model/sub/b.bin", "model.txt", "models/c.bin", "modelx/d", "other/model/e"];
        foreach (var path in paths)
        {
            await Store.AddRunArtifactAsync(runId, new RunArtifact(path, DigestA, 1), Ct);
        }

        (await Store.ListRunArtifactsAsync(runId, "model", Ct)).Select(a => a.Path).Should().Equal("model", "model/a.bin", "model/sub/b.bin");
        (await Store.ListRunArtifactsAsync(runId, "model/sub", Ct)).Select(a => a.Path).Should().Equal("model/sub/b.bin");
        (await Store.ListRunArtifactsAsync(runId, "mod", Ct)).Should().BeEmpty();
        (await Store.ListRunArtifactsAsync(runId, "model/%", Ct)).Should().BeEmpty();
        (await Store.ListRunArtifactsAsync(runId, "model_txt", Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task ListRunArtifacts_IsScopedToTheRun()
    {
        var experiment = await CreateExperimentAsync();
        var first = await NewRunAsync(experimentId: experiment.ExperimentId);
        var second = await NewRunAsync(experimentId: experiment.ExperimentId);
        await Store.AddRunArtifactAsync(first, new RunArtifact("a.txt", DigestA, 1), Ct);

        (await Store.ListRunArtifactsAsync(second, null, Ct)).Should().BeEmpty();
        (await Store.ListRunArtifactsAsync(first, null, Ct)).Should().ContainSingle();
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("/abs/path")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    [InlineData("c:\\windows")]
    [InlineData("")]
    public async Task AddRunArtifact_UnsafePath_IsAValidationErrorAndWritesNothing(string path)
    {
        var runId = await NewRunAsync();
        await Store.AddRunArtifactAsync(runId, new RunArtifact("keep.txt", DigestA, 1), Ct);

        var act = () => Store.AddRunArtifactAsync(runId, new RunArtifact(path, DigestB, 1), Ct);

        (await act.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("artifact path");
        (await Store.ListRunArtifactsAsync(runId, null, Ct)).Should().Equal(new RunArtifact("keep.txt", DigestA, 1));
    }

    [Fact]
    public async Task AddRunArtifact_InvalidDigest_IsAValidationErrorAndKeepsTheOldMapping()
    {
        var runId = await NewRunAsync();
        await Store.AddRunArtifactAsync(runId, new RunArtifact("keep.txt", DigestA, 1), Ct);

        var act = () => Store.AddRunArtifactAsync(runId, new RunArtifact("keep.txt", DigestA.ToUpperInvariant(), 2), Ct);

        await act.Should().ThrowAsync<MlopsValidationException>();
        (await Store.ListRunArtifactsAsync(runId, null, Ct)).Should().Equal(new RunArtifact("keep.txt", DigestA, 1));
    }
}
