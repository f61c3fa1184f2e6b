using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Mlops;
using Mlops.Pipelines.Webhooks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds webhooks: journal events delivered as signed JSON over HTTP, with retries, a delivery log and redelivery.</summary>
public static class WebhookPipelinesBuilderExtensions
{
    /// <summary>
    /// Adds a webhook named <paramref name="name"/> (1–100 ASCII letters, digits, '-', '_', '.'; unique), with the hosted
    /// dispatcher that delivers to it and <see cref="IWebhooks"/>. Its options are validated when the host starts.
    /// </summary>
    /// <example><code>
    /// p.AddWebhook("ops-channel", o =>
    /// {
    ///     o.Url = new Uri("https://ops.example/hooks/mlops");
    ///     o.Secret = configuration["Webhooks:ops-channel:Secret"];
    ///     o.EventKinds = ["model.alias.set", "serving.drift.*"];
    /// });
    /// </code></example>
    public static PipelinesBuilder AddWebhook(this PipelinesBuilder builder, string name, Action<WebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        Register(builder.Services, name).Configure(configure);
        return builder;
    }

    /// <summary>
    /// Adds a webhook named <paramref name="name"/> bound from <paramref name="section"/>, such as
    /// <c>{"Url": "https://ops.example/hooks/mlops", "EventKinds": ["model.alias.set"], "MaxAttempts": 5}</c> with the
    /// <c>Secret</c> from user secrets or the environment. An unknown setting fails the start like an invalid value.
    /// </summary>
    public static PipelinesBuilder AddWebhook(this PipelinesBuilder builder, string name, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        Register(builder.Services, name).Configure(o => Bind(name, section, o));
        return builder;
    }

    /// <summary>Adds one webhook per child of <paramref name="section"/>, named by its key (see <see cref="AddWebhook(PipelinesBuilder, string, IConfiguration)"/>).</summary>
    public static PipelinesBuilder AddWebhooks(this PipelinesBuilder builder, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        foreach (var child in section.GetChildren())
        {
            builder.AddWebhook(child.Key, child);
        }

        return builder;
    }

    private static void Bind(string name, IConfiguration section, WebhookOptions options)
    {
        try
        {
            section.Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            throw new OptionsValidationException(name, typeof(WebhookOptions), [$"Webhook '{name}': the configuration at '{(section as IConfigurationSection)?.Path}' cannot be read: {e.Message}"]);
        }
    }

    private static OptionsBuilder<WebhookOptions> Register(IServiceCollection services, string name)
    {
        WebhookNames.Validate(name);
        if (services.Any(d => d.ServiceType == typeof(WebhookRegistration) && d.ImplementationInstance is WebhookRegistration r && r.Name == name))
        {
            throw new MlopsValidationException("webhook name", name, "a webhook of that name is already added; names are unique.");
        }

        services.AddSingleton(new WebhookRegistration(name));
        AddDispatcher(services);
        return services.AddOptionsWithValidateOnStart<WebhookOptions>(name);
    }

    private static void AddDispatcher(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(WebhookDispatcher)))
        {
            return;
        }

        services.AddOptionsWithValidateOnStart<WebhookDispatcherOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookDispatcherOptions>, WebhookDispatcherOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.AddHttpClient(WebhookOptions.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.TryAddSingleton<WebhookRecordStore>();
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<WebhookStateKeeper>();
        services.TryAddSingleton<WebhookDispatcher>();
        services.TryAddSingleton<IWebhooks, Webhooks>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, WebhookHostedService>());
    }
}
