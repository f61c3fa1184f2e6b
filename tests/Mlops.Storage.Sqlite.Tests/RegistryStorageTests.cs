using Microsoft.Data.Sqlite;
using Mlops.Journal;
using Mlops.Registry;
using Mlops.Search;
using Mlops.Storage.Sqlite.Tests.TestSupport;
using static Mlops.Storage.Sqlite.Tests.TestSupport.StoreData;

namespace Mlops.Storage.Sqlite.Tests;

/// <summary>How the registry sits in the SQLite schema: what the contract tests cannot see from outside.</summary>
public sealed class RegistryStorageTests
{
    [Fact]
    public async Task Rename_ChangesOneModelRow_AndVersionsAliasesTagsKeepTheirModelKey()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenInitializedAsync();
        await store.ModelAsync("old", new Dictionary<string, string> { ["team"] = "ml" });
        await store.VersionAsync("old", tags: new Dictionary<string, string> { ["stage"] = "dev" });
        await store.SetAliasAsync("old", "champion", 1, null, Draft(JournalKinds.ModelAliasSet, "model/old@champion"), Ct);
        var modelKey = db.Scalar("SELECT model_key FROM registered_models WHERE name = 'old'");

        await store.RenameRegisteredModelAsync("old", "new", T0.AddHours(1), Draft(JournalKinds.ModelRenamed, "model/old"), Ct);

        db.Scalar("SELECT model_key FROM registered_models WHERE name = 'new'").Should().Be(modelKey);
        db.Scalar("SELECT count(*) FROM model_versions WHERE model_key = $k", ("$k", modelKey!)).Should().Be(1L);
        db.Scalar("SELECT count(*) FROM model_aliases WHERE model_key = $k", ("$k", modelKey!)).Should().Be(1L);
        db.Scalar("SELECT count(*) FROM model_tags WHERE model_key = $k", ("$k", modelKey!)).Should().Be(1L);
        (await store.GetModelVersionAsync("new", 1, Ct))!.Aliases.Should().Equal("champion");
    }

    [Fact]
    public async Task AliasedVersion_CannotBeDeletedEvenByRawSql_TheForeignKeyIsASafetyNet()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenInitializedAsync();
        await store.ModelAsync("m");
        await store.VersionAsync("m");
        await store.SetAliasAsync("m", "champion", 1, null, Draft(JournalKinds.ModelAliasSet, "model/m@champion"), Ct);

        using var connection = db.OpenRaw();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA foreign_keys = ON";
        pragma.ExecuteNonQuery();
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM model_versions WHERE version = 1";
        var act = () => delete.ExecuteNonQuery();

        act.Should().Throw<SqliteException>().Which.Message.Should().Contain("FOREIGN KEY");
        db.Scalar("SELECT count(*) FROM model_versions").Should().Be(1L);
    }

    [Fact]
    public async Task CreateModelVersion_JournalFactoryThrows_WritesNothingAndConsumesNoNumber()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenInitializedAsync();
        await store.ModelAsync("m");
        var head = await store.GetJournalHeadAsync(Ct);
        var version = new NewModelVersion("m", "mlnet", Digest(1), 1, null, null, "stream", null, new Dictionary<string, string> { ["k"] = "v" }, T0, "alice");

        var act = () => store.CreateModelVersionAsync(version, _ => throw new InvalidOperationException("draft failed"), Ct);

        await act.Should().ThrowAsync<InvalidOperationException>();
        db.Scalar("SELECT count(*) FROM model_versions").Should().Be(0L);
        db.Scalar("SELECT count(*) FROM model_version_tags").Should().Be(0L);
        db.Scalar("SELECT latest_version FROM registered_models").Should().Be(0L);
        (await store.GetJournalHeadAsync(Ct)).Should().Be(head);
        (await store.VersionAsync("m")).Version.Should().Be(1);
    }

    [Fact]
    public async Task DeletedVersion_LeavesLatestVersionOnTheModelRow_SoTheNumberIsNeverReused()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenInitializedAsync();
        await store.ModelAsync("m");
        await store.VersionAsync("m", tags: new Dictionary<string, string> { ["k"] = "v" });
        await store.VersionAsync("m");

        await store.DeleteModelVersionAsync("m", 2, Draft(JournalKinds.ModelVersionDeleted, "model/m/2"), Ct);

        db.Scalar("SELECT latest_version FROM registered_models").Should().Be(2L);
        (await store.VersionAsync("m")).Version.Should().Be(3);
        await store.DeleteModelVersionAsync("m", 1, Draft(JournalKinds.ModelVersionDeleted, "model/m/1"), Ct);
        db.Scalar("SELECT count(*) FROM model_version_tags").Should().Be(0L, "a deleted version's tags go with it");
    }

    [Fact]
    public async Task ModelSearch_TokenOfARunSearch_IsRefused()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenInitializedAsync();
        var experiment = await store.ExperimentAsync();
        await store.RunAsync(experiment.ExperimentId);
        await store.RunAsync(experiment.ExperimentId);
        var runPage = await store.SearchRunsAsync(new RunSearchRequest([experiment.ExperimentId], null, [], 1), Ct);

        var act = () => store.SearchRegisteredModelsAsync(new ModelSearchRequest(null, [], 1, runPage.NextPageToken), Ct);

        (await act.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("page token");
    }

    [Fact]
    public async Task LineageIndexes_AreUsedByTheLookups()
    {
        await using var db = new TestDatabase();
        await db.OpenInitializedAsync();

        Plan(db, "SELECT version_key FROM model_versions v WHERE v.run_id = 'x'").Should().Contain("ix_model_versions_run");
        Plan(db, "SELECT r.run_id FROM dataset_inputs d JOIN runs r ON r.run_key = d.run_key WHERE d.digest = 'x'")
            .Should().Contain("ix_dataset_inputs_digest");
    }

    private static string Plan(TestDatabase db, string sql)
    {
        using var connection = db.OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        using var reader = command.ExecuteReader();
        var details = new List<string>();
        while (reader.Read())
        {
            details.Add(reader.GetString(3));
        }

        return string.Join(" | ", details);
    }
}
