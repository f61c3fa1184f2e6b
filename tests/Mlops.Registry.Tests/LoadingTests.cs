using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Mlops.Registry.Tests;

public sealed class LoadingTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_loaded_classifier_predicts_like_the_original_on_every_test_row()
    {
        await using var h = new RegistryHarness();
        var (runId, _) = await h.LogModelRunAsync(models);
        await h.Registry.RegisterVersionFromRunAsync("penguins", $"runs:/{runId}/model", new RegisterVersionOptions().WithTypes<Penguin, SpeciesPrediction>(), Ct);
        await h.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);

        var loaded = await h.Registry.LoadAsync("models:/penguins@champion", Ct);

        loaded.Version.Version.Should().Be(1);
        var original = models.Ml.Model.CreatePredictionEngine<Penguin, SpeciesPrediction>(models.PenguinsModel);
        var reloaded = loaded.CreatePredictionEngine<Penguin, SpeciesPrediction>();
        models.PenguinsTest.Should().HaveCountGreaterThan(50);
        foreach (var penguin in models.PenguinsTest)
        {
            var expected = original.Predict(penguin);
            var actual = reloaded.Predict(penguin);
            actual.PredictedSpecies.Should().Be(expected.PredictedSpecies);
            actual.Score.Should().Equal(expected.Score);
        }
    }

    [Fact]
    public async Task A_loaded_regression_model_predicts_like_the_original_on_every_test_row()
    {
        await using var h = new RegistryHarness();
        var path = Path.Combine(h.Root, "cars.zip");
        await File.WriteAllBytesAsync(path, models.CarsZip, Ct);
        await h.Registry.RegisterVersionFromFileAsync("cars", path, "mlnet", cancellationToken: Ct);

        var loaded = await h.Registry.LoadAsync("models:/cars/latest", Ct);

        var original = models.Ml.Model.CreatePredictionEngine<Car, MpgPrediction>(models.CarsModel);
        var reloaded = loaded.CreatePredictionEngine<Car, MpgPrediction>();
        models.CarsTest.Should().HaveCountGreaterThan(50);
        foreach (var car in models.CarsTest)
        {
            reloaded.Predict(car).Mpg.Should().Be(original.Predict(car).Mpg);
        }
    }

    [Fact]
    public async Task Loads_are_cached_by_version_whatever_URI_names_it()
    {
        await using var h = new RegistryHarness();
        await h.RegisterPenguinsAsync(models);
        await h.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);

        var byAlias = await h.Registry.LoadAsync("models:/penguins@champion", Ct);
        var again = await h.Registry.LoadAsync("models:/penguins@champion", Ct);
        var byVersion = await h.Registry.LoadAsync("models:/penguins/1", Ct);
        var byReserved = await h.Registry.LoadAsync("models:/penguins/v1", Ct);

        again.Should().BeSameAs(byAlias);
        byVersion.Should().BeSameAs(byAlias);
        byReserved.Should().BeSameAs(byAlias);
    }

    [Fact]
    public async Task Concurrent_first_loads_share_one_model()
    {
        await using var h = new RegistryHarness();
        await h.RegisterPenguinsAsync(models);

        var loads = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => h.Registry.LoadAsync("models:/penguins/1", Ct), Ct)));

        loads.Distinct().Should().ContainSingle();
    }

    [Fact]
    public async Task A_local_alias_move_is_seen_by_the_next_load_at_once()
    {
        await using var h = new RegistryHarness(o => o.AliasCacheDuration = TimeSpan.FromHours(1));
        await h.RegisterPenguinsAsync(models);
        await h.RegisterPenguinsAsync(models);
        await h.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);
        (await h.Registry.LoadAsync("models:/penguins@champion", Ct)).Version.Version.Should().Be(1);

        await h.Registry.SetAliasAsync("penguins", "champion", 2, cancellationToken: Ct);

        (await h.Registry.LoadAsync("models:/penguins@champion", Ct)).Version.Version.Should().Be(2);
    }

    [Fact]
    public async Task A_new_version_moves_latest_at_once()
    {
        await using var h = new RegistryHarness(o => o.AliasCacheDuration = TimeSpan.FromHours(1));
        await h.RegisterPenguinsAsync(models);
        (await h.Registry.LoadAsync("models:/penguins/latest", Ct)).Version.Version.Should().Be(1);

        await h.RegisterPenguinsAsync(models);

        (await h.Registry.LoadAsync("models:/penguins/latest", Ct)).Version.Version.Should().Be(2);
    }

    [Fact]
    public async Task An_alias_moved_by_another_process_is_picked_up_after_the_alias_cache_duration()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var h = new RegistryHarness(o => o.AliasCacheDuration = TimeSpan.FromSeconds(1), time: time);
        await h.RegisterPenguinsAsync(models);
        await h.RegisterPenguinsAsync(models);
        await h.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);
        (await h.Registry.LoadAsync("models:/penguins@champion", Ct)).Version.Version.Should().Be(1);
        var other = h.Open().GetRequiredService<IModelRegistry>();

        await other.SetAliasAsync("penguins", "champion", 2, "from another process", Ct);

        (await h.Registry.LoadAsync("models:/penguins@champion", Ct)).Version.Version.Should().Be(1, "the resolution is trusted for a second");
        time.Advance(TimeSpan.FromSeconds(1.5));
        (await h.Registry.LoadAsync("models:/penguins@champion", Ct)).Version.Version.Should().Be(2);
    }

    [Fact]
    public async Task The_least_recently_used_model_is_evicted_beyond_the_bound()
    {
        await using var h = new RegistryHarness(o => o.MaxLoadedModels = 2);
        for (var i = 0; i < 3; i++)
        {
            await h.RegisterPenguinsAsync(models);
        }

        var first = await h.Registry.LoadAsync("models:/penguins/1", Ct);
        var second = await h.Registry.LoadAsync("models:/penguins/2", Ct);
        (await h.Registry.LoadAsync("models:/penguins/1", Ct)).Should().BeSameAs(first);
        await h.Registry.LoadAsync("models:/penguins/3", Ct); // evicts version 2, the least recently used

        (await h.Registry.LoadAsync("models:/penguins/1", Ct)).Should().BeSameAs(first);
        (await h.Registry.LoadAsync("models:/penguins/2", Ct)).Should().NotBeSameAs(second);
    }

    [Fact]
    public async Task A_flipped_byte_in_the_stored_file_is_caught_before_anything_is_loaded()
    {
        await using var h = new RegistryHarness();
        var good = await h.RegisterPenguinsAsync(models);
        var bad = await h.RegisterCarsAsync(models);
        var file = h.ArtifactFile(bad.ArtifactDigest);
        File.Exists(file).Should().BeTrue();
        var bytes = await File.ReadAllBytesAsync(file, Ct);
        bytes[bytes.Length / 2] ^= 0x01;
        File.SetAttributes(file, FileAttributes.Normal);
        await File.WriteAllBytesAsync(file, bytes, Ct);

        var act = () => h.Registry.LoadAsync("models:/cars/1", Ct);

        var error = (await act.Should().ThrowAsync<MlopsArtifactIntegrityException>()).Which;
        error.ExpectedDigest.Should().Be(bad.ArtifactDigest);
        error.ActualDigest.Should().NotBe(bad.ArtifactDigest);
        await act.Should().ThrowAsync<MlopsArtifactIntegrityException>("a failed load is not cached");
        (await h.Registry.LoadAsync("models:/penguins/1", Ct)).Version.ArtifactDigest.Should().Be(good.ArtifactDigest, "a good version still loads");
        Directory.EnumerateFiles(h.TempPath).Should().BeEmpty("verified temp copies are deleted, failed or not");
    }

    [Fact]
    public async Task A_swapped_file_is_caught_too()
    {
        await using var h = new RegistryHarness();
        var penguins = await h.RegisterPenguinsAsync(models);
        var cars = await h.RegisterCarsAsync(models);
        File.Copy(h.ArtifactFile(cars.ArtifactDigest), h.ArtifactFile(penguins.ArtifactDigest), overwrite: true);

        await FluentActions.Awaiting(() => h.Registry.LoadAsync("models:/penguins/1", Ct)).Should().ThrowAsync<MlopsArtifactIntegrityException>();
    }

    [Fact]
    public async Task Registering_from_a_run_whose_model_file_was_corrupted_is_refused()
    {
        await using var h = new RegistryHarness();
        var (runId, artifact) = await h.LogModelRunAsync(models, penguins: false);
        var file = h.ArtifactFile(artifact.Digest);
        var bytes = await File.ReadAllBytesAsync(file, Ct);
        bytes[10] ^= 0xFF;
        File.SetAttributes(file, FileAttributes.Normal);
        await File.WriteAllBytesAsync(file, bytes, Ct);

        await FluentActions.Awaiting(() => h.Registry.RegisterVersionFromRunAsync("cars", $"runs:/{runId}/model", cancellationToken: Ct))
            .Should().ThrowAsync<MlopsArtifactIntegrityException>();
        (await h.Registry.ListModelsAsync(Ct)).Should().BeEmpty();
    }
}

public sealed class CachedLoadAllocationTests(TrainedModels models)
{
    [Fact]
    public async Task Loading_a_cached_alias_allocates_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = new RegistryHarness(o => o.AliasCacheDuration = TimeSpan.FromHours(1));
        await h.RegisterPenguinsAsync(models);
        await h.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: ct);
        const string uri = "models:/penguins@champion";
        var expected = await h.Registry.LoadAsync(uri, ct);
        var task = h.Registry.LoadAsync(uri, ct); // warm the path (JIT)

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            task = h.Registry.LoadAsync(uri, ct);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        task.IsCompletedSuccessfully.Should().BeTrue();
        (await task).Should().BeSameAs(expected);
        allocated.Should().Be(0);
    }
}
