using Mlops.Storage.PostgreSql.Tests.TestSupport;

namespace Mlops.Cli.Tests;

/// <summary>SQLite → PostgreSQL → SQLite through the tool, on the test PostgreSQL server (MLOPS_TEST_POSTGRES).</summary>
public sealed class PostgreSqlStoreCommandTests(TrainedModels models) : CliTest(models)
{
    [Fact]
    public async Task Export_to_PostgreSQL_and_import_back_keeps_runs_models_and_a_verifying_journal()
    {
        var database = await TestServer.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        try
        {
            var pgArtifacts = Path.Combine(Store.Folder, "pg-artifacts");
            var export = await Mlops("store", "export", "--to", database, "--to-artifacts", pgArtifacts, "--json");
            export.ExitCode.Should().Be(0, export.ToString());
            export.Json().GetProperty("target").GetString().Should().StartWith("PostgreSQL").And.NotContain("Username");

            var onPostgres = await MlopsProcess.RunAsync("runs", "list", "--json", "--store", database, "--artifacts", pgArtifacts);
            onPostgres.ExitCode.Should().Be(0, onPostgres.ToString());
            onPostgres.Json().GetProperty("runs").GetArrayLength().Should().Be(2);
            var doctor = await MlopsProcess.RunAsync("doctor", "--json", "--store", database, "--artifacts", pgArtifacts);
            doctor.ExitCode.Should().Be(0, doctor.ToString());

            var back = Path.Combine(Store.Folder, "back", "mlops.db");
            Directory.CreateDirectory(Path.GetDirectoryName(back)!);
            var import = await MlopsProcess.RunAsync("store", "import", "--from", database, "--from-artifacts", pgArtifacts, "--store", back, "--json");
            import.ExitCode.Should().Be(0, import.ToString());
            var verify = await MlopsProcess.RunAsync("journal", "verify", "--json", "--store", back);
            verify.ExitCode.Should().Be(0, verify.ToString());
            var original = (await Mlops("journal", "verify", "--json")).Json();
            verify.Json().GetProperty("head").GetProperty("hash").GetString()
                .Should().Be(original.GetProperty("head").GetProperty("hash").GetString());
        }
        finally
        {
            await TestServer.DropDatabaseAsync(database);
        }
    }
}
