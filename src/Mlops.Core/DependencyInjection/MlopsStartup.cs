using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mlops.Artifacts;
using Mlops.Storage;

namespace Mlops;

/// <summary>
/// Fails the host at start when no store is configured (naming the calls to add), says so when the embedded default is
/// in use, and applies pending migrations before the app runs.
/// </summary>
internal sealed partial class MlopsStartup(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var defaults = services.GetService<EmbeddedDefaultStores>();
        var store = services.GetService<IMlopsStore>() ?? throw new MlopsException(NoMetadataStore(defaults));
        if (services.GetService<IArtifactStore>() is null)
        {
            throw new MlopsException(
                "No Mlops artifact store is configured: call UseFileSystemArtifacts(...) (or another artifact store) on the AddMlops builder."
                + (defaults?.MetadataPicked == true
                    ? " A metadata store was picked, so the embedded default (./.mlops) does not apply: it applies only when neither store is picked."
                    : string.Empty));
        }

        if (defaults is { DatabasePath: { } database, ArtifactsPath: { } artifacts })
        {
            var logger = services.GetService<ILoggerFactory>()?.CreateLogger("Mlops");
            if (logger is not null)
            {
                UsingEmbeddedDefault(logger, database, artifacts);
            }
        }

        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string NoMetadataStore(EmbeddedDefaultStores? defaults) =>
        "No Mlops metadata store is configured: call UseSqlite(...) (or another provider) on the AddMlops builder."
        + (defaults?.ArtifactsPicked == true
            ? " An artifact store was picked, so the embedded default (./.mlops) does not apply: it applies only when neither store is picked."
            : " For the embedded default (SQLite and artifacts under ./.mlops, with no call) add the Mlops.Sdk or Mlops.Storage.Sqlite package;"
              + " it is not part of this app.");

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "No store was picked: Mlops uses the embedded default, SQLite at {DatabasePath} and artifacts under {ArtifactsPath}.")]
    private static partial void UsingEmbeddedDefault(ILogger logger, string databasePath, string artifactsPath);
}
