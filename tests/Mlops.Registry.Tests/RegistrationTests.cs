using System.Security.Cryptography;
using Mlops.Journal;

namespace Mlops.Registry.Tests;

public sealed class RegistrationTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Registering_from_a_run_points_at_the_logged_bytes_without_a_copy()
    {
        await using var h = new RegistryHarness();
        var (runId, artifact) = await h.LogModelRunAsync(models);
        var storedBefore = h.StoredArtifactCount();

        var version = await h.Registry.RegisterVersionFromRunAsync("penguins", $"runs:/{runId}/model", cancellationToken: Ct);

        version.Version.Should().Be(1);
        version.Flavor.Should().Be(ModelFlavorNames.MlNet);
        version.ArtifactDigest.Should().Be(artifact.Digest);
        version.ArtifactLength.Should().Be(artifact.Length);
        version.RunId.Should().Be(runId);
        version.Source.Should().Be($"runs:/{runId}/model");
        version.CreatedBy.Should().Be("alice");
        h.StoredArtifactCount().Should().Be(storedBefore, "the artifact store is content-addressed: no copy is made");
    }

    [Fact]
    public async Task Registering_from_a_file_stores_its_bytes_under_their_digest()
    {
        await using var h = new RegistryHarness();
        var path = Path.Combine(h.Root, "cars.zip");
        await File.WriteAllBytesAsync(path, models.CarsZip, Ct);

        var version = await h.Registry.RegisterVersionFromFileAsync("cars", path, ModelFlavorNames.MlNet, cancellationToken: Ct);

        version.ArtifactDigest.Should().Be(Convert.ToHexStringLower(SHA256.HashData(models.CarsZip)));
        version.ArtifactLength.Should().Be(models.CarsZip.Length);
        version.Source.Should().Be(Path.GetFullPath(path));
        version.RunId.Should().BeNull();
        File.ReadAllBytes(h.ArtifactFile(version.ArtifactDigest)).Should().Equal(models.CarsZip);
    }

    [Fact]
    public async Task Registering_from_a_stream_records_the_flavor_and_source()
    {
        await using var h = new RegistryHarness();

        var version = await h.RegisterPenguinsAsync(models);

        version.Source.Should().Be("stream");
        version.Flavor.Should().Be("mlnet");
        version.Status.Should().Be(ModelVersionStatus.Ready);
        (await h.Registry.GetVersionAsync("penguins", 1, Ct)).Should().BeEquivalentTo(version);
    }

    [Fact]
    public async Task Versions_are_numbered_one_to_n_and_the_model_is_created_once()
    {
        await using var h = new RegistryHarness();

        for (var i = 0; i < 4; i++)
        {
            await h.RegisterPenguinsAsync(models);
        }

        (await h.Registry.ListVersionsAsync("penguins", Ct)).Select(v => v.Version).Should().Equal(1, 2, 3, 4);
        (await h.Registry.GetModelAsync("penguins", Ct)).LatestVersion.Should().Be(4);
        var journal = await h.JournalAsync();
        journal.Count(e => e.Kind == JournalKinds.ModelCreated).Should().Be(1);
        journal.Where(e => e.Kind == JournalKinds.ModelVersionRegistered)
            .Select(e => RegistryHarness.Payload(e).GetProperty("version").GetInt32()).Should().Equal(1, 2, 3, 4);
    }

    [Fact]
    public async Task The_registration_journal_entry_names_version_flavor_digest_run_and_actor()
    {
        await using var h = new RegistryHarness();
        var (runId, artifact) = await h.LogModelRunAsync(models);

        await h.Registry.RegisterVersionFromRunAsync("penguins", $"runs:/{runId}/model", cancellationToken: Ct);

        var entry = (await h.JournalAsync()).Single(e => e.Kind == JournalKinds.ModelVersionRegistered);
        entry.Subject.Should().Be("model/penguins/1");
        entry.Actor.Should().Be("alice");
        var payload = RegistryHarness.Payload(entry);
        payload.GetProperty("flavor").GetString().Should().Be("mlnet");
        payload.GetProperty("digest").GetString().Should().Be(artifact.Digest);
        payload.GetProperty("runId").GetString().Should().Be(runId);
        (await h.Journal.VerifyAsync(Ct)).IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task An_unknown_flavor_is_refused_and_nothing_is_registered()
    {
        await using var h = new RegistryHarness();

        var act = () => h.Registry.RegisterVersionFromStreamAsync("penguins", new MemoryStream(models.PenguinsZip), "pickle", cancellationToken: Ct);

        (await act.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("flavor");
        (await h.Registry.ListModelsAsync(Ct)).Should().BeEmpty();
        h.StoredArtifactCount().Should().Be(0);
    }

    [Fact]
    public async Task Bytes_that_are_not_a_model_are_refused_and_nothing_is_registered()
    {
        await using var h = new RegistryHarness();

        var act = () => h.Registry.RegisterVersionFromStreamAsync("junk", new MemoryStream("not a zip"u8.ToArray()), "mlnet", cancellationToken: Ct);

        await act.Should().ThrowAsync<MlopsValidationException>();
        (await h.Registry.ListModelsAsync(Ct)).Should().BeEmpty();
        (await h.JournalAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_run_without_a_logged_model_or_an_unknown_run_is_refused()
    {
        await using var h = new RegistryHarness();
        await using var run = await h.Tracker.StartRunAsync("empty", cancellationToken: Ct);

        var noModel = () => h.Registry.RegisterVersionFromRunAsync("m", $"runs:/{run.RunId}/model", cancellationToken: Ct);
        var noRun = () => h.Registry.RegisterVersionFromRunAsync("m", $"runs:/{new string('a', 32)}/model", cancellationToken: Ct);
        var badUri = () => h.Registry.RegisterVersionFromRunAsync("m", "run:/x", cancellationToken: Ct);

        (await noModel.Should().ThrowAsync<MlopsValidationException>()).Which.Rule.Should().Contain("MLmodel.json");
        (await noRun.Should().ThrowAsync<MlopsNotFoundException>()).Which.EntityKind.Should().Be("run");
        await badUri.Should().ThrowAsync<MlopsValidationException>();
    }

    [Fact]
    public async Task Description_and_tags_are_kept_and_can_change()
    {
        await using var h = new RegistryHarness();
        await h.RegisterPenguinsAsync(models, options: new RegisterVersionOptions
        {
            Description = "first cut",
            Tags = new Dictionary<string, string> { ["trainer"] = "sdca" },
        });

        await h.Registry.SetVersionTagAsync("penguins", 1, "reviewed", "yes", Ct);
        await h.Registry.DeleteVersionTagAsync("penguins", 1, "trainer", Ct);
        var updated = await h.Registry.UpdateVersionDescriptionAsync("penguins", 1, "second look", Ct);
        await h.Registry.SetModelTagAsync("penguins", "team", "ml", Ct);
        var model = await h.Registry.UpdateModelDescriptionAsync("penguins", "species classifier", Ct);

        updated.Description.Should().Be("second look");
        updated.Tags.Should().Equal(new Dictionary<string, string> { ["reviewed"] = "yes" });
        model.Description.Should().Be("species classifier");
        model.Tags.Should().Contain("team", "ml");
        await h.Registry.DeleteModelTagAsync("penguins", "team", Ct);
        (await h.Registry.GetModelAsync("penguins", Ct)).Tags.Should().BeEmpty();
    }

    [Fact]
    public async Task Invalid_names_tags_and_versions_are_refused_before_anything_is_written()
    {
        await using var h = new RegistryHarness();

        await FluentActions.Awaiting(() => h.RegisterPenguinsAsync(models, name: "bad/name")).Should().ThrowAsync<MlopsValidationException>();
        await FluentActions.Awaiting(() => h.RegisterPenguinsAsync(models, options: new RegisterVersionOptions { Tags = new Dictionary<string, string> { ["/bad"] = "x" } }))
            .Should().ThrowAsync<MlopsValidationException>();
        await FluentActions.Awaiting(() => h.Registry.GetVersionAsync("penguins", 0, Ct)).Should().ThrowAsync<MlopsValidationException>();
        await FluentActions.Awaiting(() => h.Registry.GetModelAsync("absent", Ct)).Should().ThrowAsync<MlopsNotFoundException>();
        (await h.JournalAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Creating_a_model_twice_is_a_conflict()
    {
        await using var h = new RegistryHarness();
        var created = await h.Registry.CreateModelAsync("cars", "mpg", new Dictionary<string, string> { ["team"] = "ml" }, Ct);

        created.LatestVersion.Should().Be(0);
        created.Description.Should().Be("mpg");
        await FluentActions.Awaiting(() => h.Registry.CreateModelAsync("cars", cancellationToken: Ct)).Should().ThrowAsync<MlopsConflictException>();
    }
}
