using Mlops.Journal;
using Mlops.Storage.PostgreSql.Schema;
using Mlops.Storage.PostgreSql.Tests.TestSupport;
using Mlops.Tracking;

namespace Mlops.Storage.PostgreSql.Tests;

public sealed class MigrationTests
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Initialize_AFreshDatabase_ReachesTheLatestVersion()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var store = await db.OpenInitializedAsync();

        (await store.GetSchemaVersionAsync(Ct)).Should().Be(PostgreSqlMigrations.LatestVersion);
        (await db.ScalarAsync("SELECT version FROM mlops_schema_version")).Should().Be((long)PostgreSqlMigrations.LatestVersion);
    }

    [Fact]
    public async Task Upgrade_FromAVersion1Database_KeepsEveryRowAndAddsTheNewTables()
    {
        await using var db = await TestDatabase.CreateAsync();
        string runId = "run-1";
        await using (var old = await db.OpenInitializedAsync(schemaVersionLimit: 1))
        {
            (await old.GetSchemaVersionAsync(Ct)).Should().Be(1);
            (await db.ScalarAsync("SELECT to_regclass('dataset_inputs')::text")).Should().BeNull();
            await old.GetOrCreateExperimentAsync("e1", "penguins", T0, "me", Draft(JournalKinds.ExperimentCreated, "experiment/e1"), Ct);
            await old.CreateRunAsync(new NewRun(runId, "e1", "first", null, T0, "me", new Dictionary<string, string>()), Draft(JournalKinds.RunCreated, "run/" + runId), Ct);
            await old.AppendMetricsAsync(new[] { new MetricPoint(runId, "acc", 0.5, 1, T0.ToUnixTimeMilliseconds()), new MetricPoint(runId, "acc", 0.75, 2, T0.ToUnixTimeMilliseconds()) }, Ct);
        }

        await using var upgraded = await db.OpenInitializedAsync();

        (await upgraded.GetSchemaVersionAsync(Ct)).Should().Be(PostgreSqlMigrations.LatestVersion);
        var run = (await upgraded.GetRunAsync(runId, Ct))!;
        run.Info.RunName.Should().Be("first");
        run.LatestMetrics["acc"].Value.Should().Be(0.75);
        (await upgraded.GetMetricHistoryAsync(runId, "acc", Ct)).Select(m => m.Value).Should().Equal(0.5, 0.75);
        (await JournalVerifier.VerifyAsync(upgraded, Ct)).EntriesChecked.Should().Be(2);
    }

    [Fact]
    public async Task Open_ADatabaseWithANewerSchema_IsRefusedNamingBothVersions()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using (var store = await db.OpenInitializedAsync())
        {
            await store.GetOrCreateExperimentAsync("e1", "kept", T0, "me", Draft(JournalKinds.ExperimentCreated, "experiment/e1"), Ct);
        }

        await db.ScalarAsync("UPDATE mlops_schema_version SET version = 99");
        await using var newer = db.Open();

        var act = () => newer.InitializeAsync(Ct);

        var error = (await act.Should().ThrowAsync<MlopsStorageException>()).Which;
        error.Message.Should().Contain("99").And.Contain($"up to {PostgreSqlMigrations.LatestVersion}").And.Contain(newer.DatabaseName);
        (await db.ScalarAsync("SELECT version FROM mlops_schema_version")).Should().Be(99L, "a refused database is left untouched");
        (await db.ScalarAsync("SELECT count(*) FROM experiments")).Should().Be(1L);
    }

    [Fact]
    public async Task Initialize_ManyStoresAtOnceOnAFreshDatabase_MigratesOnce()
    {
        await using var db = await TestDatabase.CreateAsync();
        var stores = Enumerable.Range(0, 8).Select(_ => db.Open()).ToList();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync(Ct), Ct)));

            foreach (var store in stores)
            {
                (await store.GetSchemaVersionAsync(Ct)).Should().Be(PostgreSqlMigrations.LatestVersion);
            }
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    private static JournalDraft Draft(string kind, string subject) => new(kind, subject, "me", T0, "{}");
}
