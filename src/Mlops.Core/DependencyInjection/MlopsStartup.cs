using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mlops.Artifacts;
using Mlops.Storage;

namespace Mlops;

/// <summary>Fails the host at start when no store is configured, and applies pending migrations before the app runs.</summary>
internal sealed class MlopsStartup(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var store = services.GetService<IMlopsStore>()
            ?? throw new MlopsException("No Mlops metadata store is configured: call UseSqlite(...) (or another provider) on the AddMlops builder.");
        if (services.GetService<IArtifactStore>() is null)
        {
            throw new MlopsException("No Mlops artifact store is configured: call UseFileSystemArtifacts(...) (or another artifact store) on the AddMlops builder.");
        }

        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
