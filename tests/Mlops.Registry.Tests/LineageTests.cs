using Mlops.Tracking;

namespace Mlops.Registry.Tests;

public sealed class LineageTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(string RunId, DatasetInput Dataset)> TrainedRunAsync(RegistryHarness h, string commit, string dirty)
    {
        var dataset = await Datasets.FromFileAsync(SampleData.PenguinsPath, "penguins", cancellationToken: Ct);
        var (runId, _) = await h.LogModelRunAsync(models, extra: async run =>
        {
            await run.LogDatasetAsync(dataset, Ct);
            await run.SetTagAsync("mlops.source.git.commit", commit, Ct);
            await run.SetTagAsync("mlops.source.git.dirty", dirty, Ct);
        });
        return (runId, dataset);
    }

    [Fact]
    public async Task Lineage_goes_from_version_to_run_datasets_and_commit()
    {
        await using var h = new RegistryHarness();
        var (runId, dataset) = await TrainedRunAsync(h, new string('c', 40), "true");
        await h.Registry.RegisterVersionFromRunAsync("penguins", $"runs:/{runId}/model", cancellationToken: Ct);
        await h.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);

        var lineage = await h.Registry.GetLineageAsync("models:/penguins@champion", Ct);

        lineage.Version.Version.Should().Be(1);
        lineage.Run!.RunId.Should().Be(runId);
        lineage.Run.Status.Should().Be(RunStatus.Finished);
        lineage.Datasets.Should().ContainSingle().Which.Digest.Should().Be(dataset.Digest);
        lineage.GitCommit.Should().Be(new string('c', 40));
        lineage.GitDirty.Should().BeTrue();
    }

    [Fact]
    public async Task A_version_registered_from_a_file_has_no_run()
    {
        await using var h = new RegistryHarness();
        await h.RegisterCarsAsync(models);

        var lineage = await h.Registry.GetLineageAsync("models:/cars/1", Ct);

        lineage.Run.Should().BeNull();
        lineage.Datasets.Should().BeEmpty();
        lineage.GitCommit.Should().BeNull();
        lineage.GitDirty.Should().BeNull();
    }

    [Fact]
    public async Task A_stream_can_be_linked_to_its_run()
    {
        await using var h = new RegistryHarness();
        var (runId, dataset) = await TrainedRunAsync(h, new string('d', 40), "false");

        await h.RegisterPenguinsAsync(models, options: new RegisterVersionOptions { RunId = runId });

        var lineage = await h.Registry.GetLineageAsync("models:/penguins/1", Ct);
        lineage.Run!.RunId.Should().Be(runId);
        lineage.GitDirty.Should().BeFalse();
        (await h.Registry.FindVersionsByDatasetAsync(dataset.Digest, Ct)).Should().ContainSingle();
    }

    [Fact]
    public async Task Versions_trained_on_a_dataset_are_found_by_its_digest()
    {
        await using var h = new RegistryHarness();
        var (first, dataset) = await TrainedRunAsync(h, new string('a', 40), "false");
        var (second, _) = await TrainedRunAsync(h, new string('b', 40), "false");
        var (unrelated, _) = await h.LogModelRunAsync(models, penguins: false);
        await h.Registry.RegisterVersionFromRunAsync("penguins", $"runs:/{first}/model", cancellationToken: Ct);
        await h.Registry.RegisterVersionFromRunAsync("penguins", $"runs:/{second}/model", cancellationToken: Ct);
        await h.Registry.RegisterVersionFromRunAsync("cars", $"runs:/{unrelated}/model", cancellationToken: Ct);

        var versions = await h.Registry.FindVersionsByDatasetAsync(dataset.Digest, Ct);

        versions.Select(v => (v.ModelName, v.Version)).Should().Equal(("penguins", 1), ("penguins", 2));
        (await h.Registry.FindVersionsByDatasetAsync(new string('0', 64), Ct)).Should().BeEmpty();
        await FluentActions.Awaiting(() => h.Registry.FindVersionsByDatasetAsync("nope", Ct)).Should().ThrowAsync<MlopsValidationException>();
    }

    [Fact]
    public async Task The_runs_feeding_a_model_are_listed_once_each_in_version_order()
    {
        await using var h = new RegistryHarness();
        var (first, _) = await h.LogModelRunAsync(models);
        var (second, _) = await h.LogModelRunAsync(models);
        await h.Registry.RegisterVersionFromRunAsync("penguins", $"runs:/{second}/model", cancellationToken: Ct);
        await h.Registry.RegisterVersionFromRunAsync("penguins", $"runs:/{first}/model", cancellationToken: Ct);
        await h.Registry.RegisterVersionFromRunAsync("penguins", $"runs:/{second}/model", cancellationToken: Ct);
        await h.RegisterPenguinsAsync(models);

        var runs = await h.Registry.GetRunsFeedingModelAsync("penguins", Ct);

        runs.Select(r => r.RunId).Should().Equal(second, first);
    }
}
