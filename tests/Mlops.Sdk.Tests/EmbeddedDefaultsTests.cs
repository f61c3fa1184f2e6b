using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Mlops.Artifacts;
using Mlops.Artifacts.FileSystem;
using Mlops.Storage;
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
    public void AddMlops_with_no_store_picked_keeps_everything_under_dot_mlops_of_the_current_folder()
    {
        var services = new ServiceCollection();
        services.AddMlops().AddTracking();
        using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IMlopsStore>();
        store.ProviderName.Should().Be("sqlite");
        store.GetType().GetProperty("DatabasePath", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(store) // internal to the provider
            .Should().Be(Path.GetFullPath(Path.Combine(".mlops", "mlops.db")));
        var artifacts = provider.GetRequiredService<IArtifactStore>();
        artifacts.GetType().Name.Should().Be("FileSystemArtifactStore"); // internal to Mlops.Core
        artifacts.GetType().GetProperty("RootPath")!.GetValue(artifacts)
            .Should().Be(Path.GetFullPath(Path.Combine(".mlops", "artifacts")));
        provider.GetRequiredService<ITrackingStore>().Should().BeSameAs(store);
        provider.GetRequiredService<IRegistryStore>().Should().BeSameAs(store);
        provider.GetRequiredService<IJournalStore>().Should().BeSameAs(store);
        provider.GetRequiredService<IGovernanceStore>().Should().BeSameAs(store);
    }

    [Fact]
    public async Task AddMlops_with_only_a_metadata_store_picked_gets_no_default_artifact_store_and_start_says_why()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMlops().UseSqlite($"Data Source={Path.Combine(_root, "mlops.db")}");
        using var host = builder.Build();

        var act = () => host.StartAsync(Ct);

        (await act.Should().ThrowAsync<MlopsException>()).Which.Message
            .Should().Contain("No Mlops artifact store is configured").And.Contain("A metadata store was picked");
        File.Exists(Path.Combine(_root, "mlops.db")).Should().BeFalse("nothing is created when the start fails");
    }

    [Fact]
    public async Task AddMlops_with_only_an_artifact_store_picked_gets_no_default_metadata_store_and_start_says_why()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMlops().UseFileSystemArtifacts(Path.Combine(_root, "artifacts"));
        using var host = builder.Build();

        var act = () => host.StartAsync(Ct);

        (await act.Should().ThrowAsync<MlopsException>()).Which.Message
            .Should().Contain("No Mlops metadata store is configured").And.Contain("An artifact store was picked");
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
