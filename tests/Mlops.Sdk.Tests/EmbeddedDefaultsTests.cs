using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Mlops.Artifacts.FileSystem;
using Mlops.Storage.Sqlite;
using Mlops.Tracking;

namespace Mlops.Sdk.Tests;

/// <summary>UseEmbeddedDefaults picks SQLite and the file system under one folder, ./.mlops unless told.</summary>
public sealed class EmbeddedDefaultsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mlops-sdk-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void With_no_arguments_the_store_is_mlops_db_and_the_artifacts_are_under_dot_mlops()
    {
        var services = new ServiceCollection();
        services.AddMlops(m => m.UseEmbeddedDefaults());
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<SqliteStoreOptions>>().Value.ConnectionString.Should().Be("Data Source=.mlops/mlops.db");
        provider.GetRequiredService<IOptions<FileSystemArtifactStoreOptions>>().Value.RootPath.Should().Be(".mlops/artifacts");
    }

    [Fact]
    public async Task A_host_on_the_defaults_in_a_folder_creates_the_database_and_stores_a_runs_artifact_there()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMlops(m => m.UseEmbeddedDefaults(_root).AddTracking());
        using var host = builder.Build();
        await host.StartAsync(Ct);
        try
        {
            var tracker = host.Services.GetRequiredService<IExperimentTracker>();
            string runId;
            await using (var run = await tracker.StartRunAsync("defaults", cancellationToken: Ct))
            {
                runId = run.RunId;
                await run.LogTextAsync("notes.txt", "kept under the root", Ct);
            }

            (await tracker.GetRunAsync(runId, Ct)).Info.Status.Should().Be(RunStatus.Finished);
            (await tracker.ListArtifactsAsync(runId, cancellationToken: Ct)).Should().ContainSingle(a => a.Path == "notes.txt");
        }
        finally
        {
            await host.StopAsync(Ct);
        }

        File.Exists(Path.Combine(_root, "mlops.db")).Should().BeTrue();
        Directory.EnumerateFiles(Path.Combine(_root, "artifacts"), "*", SearchOption.AllDirectories).Should().NotBeEmpty();
    }

    [Fact]
    public void A_store_picked_afterwards_replaces_the_default()
    {
        var services = new ServiceCollection();
        services.AddMlops(m => m.UseEmbeddedDefaults().UseSqlite("Data Source=elsewhere.db"));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<SqliteStoreOptions>>().Value.ConnectionString.Should().Be("Data Source=elsewhere.db");
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
