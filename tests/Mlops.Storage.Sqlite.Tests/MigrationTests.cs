using Mlops.Journal;
using Mlops.Storage.Sqlite.Schema;
using Mlops.Storage.Sqlite.Tests.TestSupport;
using Mlops.Tracking;
using static Mlops.Storage.Sqlite.Tests.TestSupport.StoreData;

namespace Mlops.Storage.Sqlite.Tests;

public sealed class MigrationTests
{
    [Fact]
    public async Task Upgrade_FromAVersion1Database_KeepsEveryRowAndAddsTheNewTables()
    {
        await using var db = new TestDatabase();
        string runId;
        await using (var old = await db.OpenInitializedAsync(schemaVersionLimit: 1))
        {
            (await old.GetSchemaVersionAsync(Ct)).Should().Be(1);
            db.Scalar("SELECT count(*) FROM sqlite_master WHERE name = 'dataset_inputs'").Should().Be(0L);
            var experiment = await old.ExperimentAsync("penguins");
            runId = await old.RunAsync(experiment.ExperimentId, "first", tags: new Dictionary<string, string> { ["team"] = "ml" });
            await old.LogParamsAsync(runId, new Dictionary<string, string> { ["lr"] = "0.01" }, Ct);
            await old.AppendMetricsAsync(new[] { Point(runId, "acc", 0.5, 1), Point(runId, "acc", 0.75, 2), Point(runId, "loss", double.NaN) }, Ct);
            await old.EndRunAsync(runId, RunStatus.Finished, T0.AddMinutes(5), null, Draft(JournalKinds.RunEnded, "run/" + runId), Ct);
        }

        await using var upgraded = await db.OpenInitializedAsync();

        (await upgraded.GetSchemaVersionAsync(Ct)).Should().Be(SqliteMigrations.LatestVersion);
        db.Scalar("SELECT version FROM mlops_schema_version").Should().Be((long)SqliteMigrations.LatestVersion);
        var run = (await upgraded.GetRunAsync(runId, Ct))!;
        run.Info.RunName.Should().Be("first");
        run.Info.Status.Should().Be(RunStatus.Finished);
        run.Params.Should().Equal(new Dictionary<string, string> { ["lr"] = "0.01" });
        run.Tags.Should().Equal(new Dictionary<string, string> { ["team"] = "ml" });
        run.LatestMetrics["acc"].Value.Should().Be(0.75);
        double.IsNaN(run.LatestMetrics["loss"].Value).Should().BeTrue();
        run.Inputs.Should().BeEmpty();
        (await upgraded.GetMetricHistoryAsync(runId, "acc", Ct)).Select(m => m.Value).Should().Equal(0.5, 0.75);
        (await upgraded.GetExperimentByNameAsync("penguins", Ct)).Should().NotBeNull();
        var verification = await JournalVerifier.VerifyAsync(upgraded, Ct);
        verification.IsValid.Should().BeTrue();
        verification.EntriesChecked.Should().Be(3);

        // What version 2 added works on the upgraded file.
        var digest = new string('a', 64);
        await upgraded.LogDatasetInputAsync(runId, new DatasetInput("penguins", digest, "file.csv", null, 10, "training"), Ct);
        await upgraded.AddRunArtifactAsync(runId, new RunArtifact("model/model.zip", digest, 3), Ct);
        (await upgraded.FindRunsByDatasetDigestAsync(digest, Ct)).Select(r => r.RunId).Should().Equal(runId);
        (await upgraded.ListRunArtifactsAsync(runId, null, Ct)).Should().ContainSingle();
    }

    [Fact]
    public async Task Upgrade_FromAVersion2DatabaseWithTrackingData_KeepsEveryRowAndAddsTheRegistry()
    {
        await using var db = new TestDatabase();
        var datasetDigest = Digest(7);
        string runId;
        await using (var old = await db.OpenInitializedAsync(schemaVersionLimit: 2))
        {
            (await old.GetSchemaVersionAsync(Ct)).Should().Be(2);
            db.Scalar("SELECT count(*) FROM sqlite_master WHERE name = 'registered_models'").Should().Be(0L);
            var experiment = await old.ExperimentAsync("penguins");
            runId = await old.RunAsync(experiment.ExperimentId, "train", tags: new Dictionary<string, string> { ["team"] = "ml" });
            await old.LogParamsAsync(runId, new Dictionary<string, string> { ["lr"] = "0.01" }, Ct);
            await old.AppendMetricsAsync(new[] { Point(runId, "acc", 0.5, 1), Point(runId, "acc", 0.75, 2) }, Ct);
            await old.LogDatasetInputAsync(runId, new DatasetInput("penguins", datasetDigest, "penguins.csv", null, 344, "training"), Ct);
            await old.AddRunArtifactAsync(runId, new RunArtifact("model/model.zip", Digest(8), 1234), Ct);
            await old.EndRunAsync(runId, RunStatus.Finished, T0.AddMinutes(5), null, Draft(JournalKinds.RunEnded, "run/" + runId), Ct);
        }

        await using var upgraded = await db.OpenInitializedAsync();

        (await upgraded.GetSchemaVersionAsync(Ct)).Should().Be(SqliteMigrations.LatestVersion);
        db.Scalar("SELECT version FROM mlops_schema_version").Should().Be((long)SqliteMigrations.LatestVersion);
        var run = (await upgraded.GetRunAsync(runId, Ct))!;
        run.Info.Status.Should().Be(RunStatus.Finished);
        run.Params.Should().Equal(new Dictionary<string, string> { ["lr"] = "0.01" });
        run.Tags.Should().Equal(new Dictionary<string, string> { ["team"] = "ml" });
        run.LatestMetrics["acc"].Value.Should().Be(0.75);
        run.Inputs.Should().ContainSingle().Which.Digest.Should().Be(datasetDigest);
        (await upgraded.ListRunArtifactsAsync(runId, null, Ct)).Should().ContainSingle().Which.Length.Should().Be(1234);
        (await upgraded.GetMetricHistoryAsync(runId, "acc", Ct)).Select(m => m.Value).Should().Equal(0.5, 0.75);
        var before = await JournalVerifier.VerifyAsync(upgraded, Ct);
        before.IsValid.Should().BeTrue();
        before.EntriesChecked.Should().Be(3);

        // The registry works on the upgraded file, and its lineage reaches the runs written before the upgrade.
        await upgraded.ModelAsync("penguin-classifier");
        var version = await upgraded.VersionAsync("penguin-classifier", runId);
        version.Version.Should().Be(1);
        (await upgraded.FindModelVersionsByRunAsync(runId, Ct)).Should().ContainSingle().Which.Version.Should().Be(1);
        (await upgraded.FindModelVersionsByDatasetDigestAsync(datasetDigest, Ct)).Should().ContainSingle().Which.RunId.Should().Be(runId);
        var after = await JournalVerifier.VerifyAsync(upgraded, Ct);
        after.IsValid.Should().BeTrue();
        after.EntriesChecked.Should().Be(5);
    }

    [Fact]
    public async Task Open_ADatabaseWithANewerSchema_IsRefusedNamingBothVersions()
    {
        await using var db = new TestDatabase();
        await using (var store = await db.OpenInitializedAsync())
        {
            await store.ExperimentAsync("kept");
        }

        db.Scalar("UPDATE mlops_schema_version SET version = 99");
        var newer = db.Open();

        var act = () => newer.InitializeAsync(Ct);

        var error = (await act.Should().ThrowAsync<MlopsStorageException>()).Which;
        error.Message.Should().Contain("99").And.Contain($"up to {SqliteMigrations.LatestVersion}").And.Contain(db.Path);
        db.Scalar("SELECT version FROM mlops_schema_version").Should().Be(99L, "a refused database is left untouched");
        db.Scalar("SELECT count(*) FROM experiments").Should().Be(1L);
    }

    [Fact]
    public async Task Open_AStoreLimitedToVersion1OnANewerDatabase_IsRefused()
    {
        await using var db = new TestDatabase();
        await db.OpenInitializedAsync();
        var old = db.Open(schemaVersionLimit: 1);

        var act = () => old.InitializeAsync(Ct);

        (await act.Should().ThrowAsync<MlopsStorageException>()).Which.Message.Should().Contain($"version {SqliteMigrations.LatestVersion}").And.Contain("up to 1");
    }

    [Fact]
    public async Task Initialize_Twice_IsIdempotent()
    {
        await using var db = new TestDatabase();
        await using (var first = await db.OpenInitializedAsync())
        {
            await first.ExperimentAsync("a");
        }

        var second = await db.OpenInitializedAsync();
        await second.InitializeAsync(Ct);

        (await second.GetSchemaVersionAsync(Ct)).Should().Be(SqliteMigrations.LatestVersion);
        (await second.ListExperimentsAsync(Ct)).Should().ContainSingle();
    }
}
