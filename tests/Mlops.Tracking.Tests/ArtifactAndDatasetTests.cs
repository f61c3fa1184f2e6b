using System.Security.Cryptography;
using System.Text;
using Microsoft.ML;

namespace Mlops.Tracking.Tests;

public sealed class ArtifactAndDatasetTests : IAsyncLifetime
{
    private readonly TrackingHarness _h = new();
    private RunScope _run = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _run = await _h.Tracker.StartRunAsync("artifacts", cancellationToken: Ct);

    public async ValueTask DisposeAsync()
    {
        await _run.DisposeAsync();
        await _h.DisposeAsync();
    }

    private async Task<string> ReadText(string path)
    {
        await using var stream = await _h.Tracker.OpenArtifactAsync(_run.RunId, path, Ct);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(Ct);
    }

    [Fact]
    public async Task Text_artifacts_round_trip_with_their_digest()
    {
        var artifact = await _run.LogTextAsync("notes/summary.txt", "hello penguins", Ct);

        artifact.Digest.Should().Be(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("hello penguins"))));
        (await ReadText("notes/summary.txt")).Should().Be("hello penguins");
    }

    [Fact]
    public async Task Json_artifacts_are_indented_json()
    {
        await _run.LogJsonAsync("config.json", new { trainer = "sdca", folds = 5 }, cancellationToken: Ct);

        var text = await ReadText("config.json");
        text.Should().Contain("\"trainer\": \"sdca\"").And.Contain("\"folds\": 5");
    }

    [Fact]
    public async Task Directories_keep_relative_paths_and_list_by_directory()
    {
        var dir = Path.Combine(_h.Root, "report");
        Directory.CreateDirectory(Path.Combine(dir, "plots"));
        await File.WriteAllTextAsync(Path.Combine(dir, "index.md"), "# report", Ct);
        await File.WriteAllTextAsync(Path.Combine(dir, "plots", "roc.csv"), "fpr,tpr", Ct);
        await _run.LogTextAsync("reportage.txt", "not in the directory", Ct);

        await _run.LogDirectoryAsync(dir, "report", Ct);

        var listed = await _h.Tracker.ListArtifactsAsync(_run.RunId, "report", Ct);
        listed.Select(a => a.Path).Should().Equal("report/index.md", "report/plots/roc.csv");
        (await _h.Tracker.ListArtifactsAsync(_run.RunId, cancellationToken: Ct)).Should().HaveCount(3);
    }

    [Fact]
    public async Task Download_writes_the_same_bytes_under_the_destination()
    {
        await _run.LogTextAsync("model/a.txt", "A", Ct);
        await _run.LogTextAsync("model/sub/b.txt", "B", Ct);
        var dest = Path.Combine(_h.Root, "download");

        var files = await _h.Tracker.DownloadArtifactsAsync(_run.RunId, "model", dest, Ct);

        files.Should().HaveCount(2);
        (await File.ReadAllTextAsync(Path.Combine(dest, "a.txt"), Ct)).Should().Be("A");
        (await File.ReadAllTextAsync(Path.Combine(dest, "sub", "b.txt"), Ct)).Should().Be("B");
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../b")]
    [InlineData("a\\b")]
    public async Task Path_traversal_in_artifact_paths_is_refused_and_nothing_is_stored(string path)
    {
        var act = () => _run.LogTextAsync(path, "x", Ct);

        (await act.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("artifact path");
        (await _h.Tracker.ListArtifactsAsync(_run.RunId, cancellationToken: Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task Corrupted_artifact_bytes_are_detected_on_read()
    {
        var artifact = await _run.LogTextAsync("weights.bin", "original weights", Ct);
        var file = Directory.GetFiles(_h.ArtifactsPath, artifact.Digest[2..], SearchOption.AllDirectories).Single();
        File.SetAttributes(file, FileAttributes.Normal);
        await File.WriteAllTextAsync(file, "tampered weights", Ct);

        var act = () => ReadText("weights.bin");

        (await act.Should().ThrowAsync<MlopsArtifactIntegrityException>()).Which.ExpectedDigest.Should().Be(artifact.Digest);
    }

    [Fact]
    public async Task Opening_an_unknown_artifact_is_not_found()
    {
        var act = () => _h.Tracker.OpenArtifactAsync(_run.RunId, "missing.txt", Ct);

        await act.Should().ThrowAsync<MlopsNotFoundException>();
    }

    [Fact]
    public async Task A_dataset_file_is_identified_by_its_sha256_and_finds_its_runs()
    {
        var dataset = await Datasets.FromFileAsync(Penguins.DataPath, context: "training", rowCount: 344, cancellationToken: Ct);
        await _run.LogDatasetAsync(dataset, Ct);
        await _run.LogDatasetAsync(dataset, Ct);

        dataset.Digest.Should().Be(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Penguins.DataPath, Ct))));
        dataset.Name.Should().Be("penguins");
        var stored = await _h.Tracker.GetRunAsync(_run.RunId, Ct);
        stored.Inputs.Should().ContainSingle().Which.Should().BeEquivalentTo(dataset);
        (await _h.Tracker.FindRunsByDatasetAsync(dataset.Digest, Ct)).Should().ContainSingle(r => r.RunId == _run.RunId);
    }

    [Fact]
    public async Task A_dataview_digest_depends_on_every_value_and_counts_rows()
    {
        var ml = new MLContext(seed: 1);
        var penguins = Penguins.Load();
        var a = Datasets.FromDataView(ml.Data.LoadFromEnumerable(penguins), "penguins", "memory");
        var b = Datasets.FromDataView(ml.Data.LoadFromEnumerable(Penguins.Load()), "penguins", "memory");
        var changed = Penguins.Load();
        changed[100].BodyMass += 1;
        var c = Datasets.FromDataView(ml.Data.LoadFromEnumerable(changed), "penguins", "memory");

        a.Digest.Should().Be(b.Digest);
        c.Digest.Should().NotBe(a.Digest);
        a.RowCount.Should().Be(344);
        a.Schema.Should().Contain("\"BeakLength\"").And.Contain("Single");
        await _run.LogDatasetAsync(a, Ct);
        (await _h.Tracker.GetRunAsync(_run.RunId, Ct)).Inputs.Should().ContainSingle(i => i.Digest == a.Digest && i.RowCount == 344);
    }
}
