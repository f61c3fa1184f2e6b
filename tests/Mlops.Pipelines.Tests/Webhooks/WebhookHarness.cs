using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mlops.Journal;
using Mlops.Pipelines.Webhooks;
using Mlops.Storage;

namespace Mlops.Pipelines.Tests.Webhooks;

/// <summary>
/// App instances (real hosts) on one SQLite file under a fresh temp folder. Each host runs the webhook dispatcher with a
/// short poll interval; several hosts on the same file are a fleet.
/// </summary>
public sealed class WebhookHarness : IAsyncDisposable
{
    public const string Secret = "test-secret-0123456789abcdef";

    private readonly List<IHost> _hosts = [];

    public WebhookHarness()
    {
        Root = Path.Combine(Path.GetTempPath(), "mlops-webhook-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A host with the given pipelines configuration, built but not started.</summary>
    public IHost Build(Action<PipelinesBuilder> pipelines, string instance = "instance-a", Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.Configure<WebhookDispatcherOptions>(o =>
        {
            o.PollInterval = TimeSpan.FromMilliseconds(20);
            o.InstanceName = instance;
        });
        services?.Invoke(builder.Services);
        builder.Services.AddMlops(m => m
            .UseSqlite($"Data Source={Path.Combine(Root, "mlops.db")}")
            .UseFileSystemArtifacts(Path.Combine(Root, "artifacts"))
            .UseActor("ops")
            .AddPipelines(pipelines));
        var host = builder.Build();
        _hosts.Add(host);
        return host;
    }

    /// <summary>A started host with one webhook named <paramref name="name"/> posting to <paramref name="receiver"/>.</summary>
    public async Task<IHost> StartAsync(WebhookReceiver receiver, Action<WebhookOptions>? configure = null, string name = "ops", string instance = "instance-a")
    {
        var host = Build(p => p.AddWebhook(name, o =>
        {
            o.Url = receiver.Url;
            o.Secret = Secret;
            o.EventKinds = ["model.alias.set", "serving.drift.*"];
            o.RetryDelay = TimeSpan.Zero;
            o.MaxRetryDelay = TimeSpan.Zero;
            configure?.Invoke(o);
        }), instance);
        await host.StartAsync(Ct);
        return host;
    }

    /// <summary>Journals an event the way a feature would (here directly on the store, as the event's source does not matter).</summary>
    public static Task<JournalEntry> JournalAsync(IHost host, string kind = "model.alias.set", string subject = "model/penguins", string? payload = null) =>
        host.Services.GetRequiredService<IJournalStore>().AppendJournalAsync(
            new JournalDraft(kind, subject, "alice", DateTimeOffset.UtcNow, payload ?? JournalPayload.Create(("alias", "production"), ("version", 3))), Ct);

    public static IWebhooks Api(IHost host) => host.Services.GetRequiredService<IWebhooks>();

    /// <summary>Waits (up to 30 seconds, re-reading the store) until <paramref name="condition"/> holds for what <paramref name="read"/> returns.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>The delivery once it has finished (succeeded, failed or interrupted).</summary>
    public static async Task<WebhookDelivery> FinishedAsync(IHost host, string deliveryId) =>
        (await EventuallyAsync(() => TryGetAsync(Api(host), deliveryId), d => d is not null && d.Status != WebhookDeliveryStatus.Pending))!;

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            try
            {
                await host.StopAsync(CancellationToken.None);
            }
            catch (ObjectDisposedException)
            {
            }

            host.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<WebhookDelivery?> TryGetAsync(IWebhooks webhooks, string deliveryId)
    {
        try
        {
            return await webhooks.GetDeliveryAsync(deliveryId, Ct);
        }
        catch (MlopsNotFoundException)
        {
            return null;
        }
    }
}
