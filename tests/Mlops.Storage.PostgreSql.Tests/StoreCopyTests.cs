using Microsoft.Extensions.DependencyInjection;
using Mlops.Artifacts;
using Mlops.Storage.Conformance.Transfer;
using Mlops.Storage.PostgreSql.Tests.TestSupport;

namespace Mlops.Storage.PostgreSql.Tests;

/// <summary>Moving up: a SQLite store (and its artifacts) copied into PostgreSQL the documented way, and back down.</summary>
public sealed class StoreCopyTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mlops-store-copy-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sqlite_store_moves_up_to_postgresql_and_back_down_row_for_row_with_its_artifacts()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var sqlite = App(m => m.UseSqlite($"Data Source={_folder}/mlops.db").UseFileSystemArtifacts($"{_folder}/artifacts"));
        await using var postgres = App(m => m.UsePostgreSql(db.ConnectionString).UseFileSystemArtifacts($"{_folder}/fleet-artifacts"));
        await using var back = App(m => m.UseSqlite($"Data Source={_folder}/back.db").UseFileSystemArtifacts($"{_folder}/back-artifacts"));
        var model = await sqlite.GetRequiredService<IArtifactStore>().PutAsync(new MemoryStream("a trained model"u8.ToArray()), Ct);
        await TransferWorkload.FillAsync(sqlite.GetRequiredService<IMlopsStore>(), model.Digest, Ct);

        var up = await MlopsStoreCopy.CopyAsync(sqlite, postgres, cancellationToken: Ct);
        var down = await MlopsStoreCopy.CopyAsync(postgres, back, cancellationToken: Ct);

        var original = await CapturedStore.OfAsync(sqlite.GetRequiredService<IMlopsStore>(), Ct);
        (await CapturedStore.OfAsync(postgres.GetRequiredService<IMlopsStore>(), Ct)).ShouldEqual(original);
        (await CapturedStore.OfAsync(back.GetRequiredService<IMlopsStore>(), Ct)).ShouldEqual(original);
        up.TargetVerification.IsValid.Should().BeTrue();
        up.TargetVerification.Head.Should().Be(await sqlite.GetRequiredService<IMlopsStore>().GetJournalHeadAsync(Ct));
        down.TargetVerification.Head.Should().Be(up.TargetVerification.Head);
        up.ArtifactsCopied.Should().Be(1);
        down.ArtifactsCopied.Should().Be(1);
        (await postgres.GetRequiredService<IArtifactStore>().GetAsync(model.Digest, Ct))!.Length.Should().Be(model.Length);
        (await back.GetRequiredService<IArtifactStore>().GetAsync(model.Digest, Ct)).Should().NotBeNull();
    }

    [Fact]
    public async Task Export_names_every_table_and_column_of_the_schema_so_a_migration_cannot_leave_one_behind()
    {
        await using var db = await TestDatabase.CreateAsync();
        var store = await db.OpenInitializedAsync();

        var exported = await CapturedStore.OfAsync(store, Ct);

        var catalog = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using (var connection = new Npgsql.NpgsqlConnection(db.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var command = new Npgsql.NpgsqlCommand("""
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name <> 'mlops_schema_version' ORDER BY table_name, ordinal_position
                """, connection);
            await using var reader = await command.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                var table = reader.GetString(0);
                if (!catalog.TryGetValue(table, out var columns))
                {
                    catalog[table] = columns = [];
                }

                columns.Add(reader.GetString(1));
            }
        }

        exported.Tables.Select(t => t.Table.Name).Should().BeEquivalentTo(catalog.Keys);
        foreach (var table in exported.Tables)
        {
            table.Table.Columns.Should().BeEquivalentTo(catalog[table.Table.Name], "table {0} is copied whole", table.Table.Name);
        }

        await store.DisposeAsync();
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static ServiceProvider App(Action<MlopsBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddMlops(configure);
        return services.BuildServiceProvider();
    }
}
