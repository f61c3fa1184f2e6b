using Mlops.Storage.Conformance.Transfer;
using Mlops.Storage.Sqlite.Tests.TestSupport;

namespace Mlops.Storage.Sqlite.Tests;

public sealed class StoreTransferTests
{
    [Fact]
    public async Task Export_names_every_table_and_column_of_the_schema_so_a_migration_cannot_leave_one_behind()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenInitializedAsync();

        var exported = await CapturedStore.OfAsync(store, TestContext.Current.CancellationToken);

        using var connection = db.OpenRaw();
        var catalog = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        using (var tables = connection.CreateCommand())
        {
            tables.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('mlops_schema_version', 'sqlite_sequence')";
            using var reader = tables.ExecuteReader();
            while (reader.Read())
            {
                catalog[reader.GetString(0)] = [];
            }
        }

        foreach (var (table, columns) in catalog)
        {
            using var info = connection.CreateCommand();
            info.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
            using var reader = info.ExecuteReader();
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
            }
        }

        exported.Tables.Select(t => t.Table.Name).Should().BeEquivalentTo(catalog.Keys);
        foreach (var table in exported.Tables)
        {
            table.Table.Columns.Should().BeEquivalentTo(catalog[table.Table.Name], "table {0} is copied whole", table.Table.Name);
        }
    }
}
