using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mlops.Cli.Connection;

/// <summary>
/// An SDK host on one store, built exactly as an app builds it (AddMlops + UseSqlite/UsePostgreSql + UseFileSystemArtifacts
/// + tracking, registry, governance), started so that options are validated and the schema is brought up to date.
/// </summary>
internal sealed class MlopsSession : IAsyncDisposable
{
    private readonly IHost _host;

    private MlopsSession(IHost host, StoreSettings settings)
    {
        _host = host;
        Settings = settings;
    }

    public StoreSettings Settings { get; }

    public IServiceProvider Services => _host.Services;

    public T Get<T>()
        where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>Opens the store; a SQLite file must exist unless <paramref name="create"/> (the CLI creates no store by accident).</summary>
    public static async Task<MlopsSession> OpenAsync(StoreSettings settings, string? actor, bool create, CancellationToken cancellationToken)
    {
        if (!create && settings.SqliteFile is { } file && !File.Exists(file))
        {
            throw new CliStoreNotFoundException(file, settings.Source);
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddMlops(mlops =>
        {
            _ = settings.Provider == StoreProvider.PostgreSql
                ? mlops.UsePostgreSql(settings.ConnectionString)
                : mlops.UseSqlite(settings.ConnectionString);
            mlops.UseFileSystemArtifacts(settings.ArtifactsPath)
                .AddTracking()
                .AddRegistry()
                .AddGovernance();
            if (actor is not null)
            {
                if (string.IsNullOrWhiteSpace(actor))
                {
                    throw new CliUsageException("--actor", actor, "name who acts.");
                }

                mlops.UseActor(actor);
            }
        });

        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new MlopsSession(host, settings);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        if (_host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            _host.Dispose();
        }
    }
}
