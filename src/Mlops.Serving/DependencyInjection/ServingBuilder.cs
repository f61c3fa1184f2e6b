using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Mlops;
using Mlops.Registry;
using Mlops.Serving;
using Mlops.Serving.Internal;
using Mlops.Serving.Telemetry;
using Mlops.Storage;
using Mlops.Validation;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Declares the models to serve. Obtained in <see cref="ServingMlopsBuilderExtensions.AddServing(MlopsBuilder, Action{ServingBuilder})"/>.</summary>
public sealed class ServingBuilder
{
    private readonly ServedKeys _keys;

    internal ServingBuilder(IServiceCollection services, ServedKeys keys)
    {
        Services = services;
        _keys = keys;
    }

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Serves the version <paramref name="alias"/> names, following it as it moves.</summary>
    public ServingBuilder AddModel<TIn, TOut>(string name, string alias)
        where TIn : class
        where TOut : class, new()
    {
        ArgumentException.ThrowIfNullOrEmpty(alias);
        return AddModel<TIn, TOut>(name, o => o.Alias = alias);
    }

    /// <summary>Serves one version, pinned.</summary>
    public ServingBuilder AddModel<TIn, TOut>(string name, int version)
        where TIn : class
        where TOut : class, new() =>
        AddModel<TIn, TOut>(name, o => o.Version = version);

    /// <summary>
    /// Serves a model as configured: <see cref="IPredictor{TIn, TOut}"/> is registered as a keyed service under the key (the
    /// model name unless set), and as the plain service for the first model with these types.
    /// </summary>
    public ServingBuilder AddModel<TIn, TOut>(string name, Action<ServedModelOptions<TIn, TOut>> configure)
        where TIn : class
        where TOut : class, new()
    {
        ModelNames.ValidateModelName(name);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ServedModelOptions<TIn, TOut>();
        configure(options);
        ServedModelOptionsRules.Validate(name, options);
        var key = options.Key ?? name;
        if (!_keys.Add(key))
        {
            throw new MlopsValidationException("key", key, "each served model needs its own key; set ServedModelOptions.Key to serve the same model twice.");
        }

        Services.AddKeyedSingleton(key, (sp, _) => new ServedModel<TIn, TOut>(
            key,
            name,
            options,
            sp.GetRequiredService<IModelRegistry>(),
            sp.GetService<IModelValidator>(),
            sp.GetRequiredService<IJournalStore>(),
            sp.GetRequiredService<ServingTelemetry>(),
            sp.GetRequiredService<IOptions<ServingOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger("Mlops.Serving") ?? NullLogger.Instance,
            sp.GetService<IGovernanceStore>() ?? sp.GetService<IMlopsStore>(),
            sp.GetService<IInferenceRecorder>()));
        Services.AddKeyedSingleton<IPredictor<TIn, TOut>>(key, (sp, k) => sp.GetRequiredKeyedService<ServedModel<TIn, TOut>>(k));
        Services.TryAddSingleton<IPredictor<TIn, TOut>>(sp => sp.GetRequiredKeyedService<ServedModel<TIn, TOut>>(key));
        Services.AddSingleton<IServedModel>(sp => sp.GetRequiredKeyedService<ServedModel<TIn, TOut>>(key));
        Services.AddSingleton(new ServedModelDescriptor(key, name, typeof(TIn), typeof(TOut)));
        return this;
    }

    /// <summary>Configures the options shared by every served model.</summary>
    public ServingBuilder Configure(Action<ServingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }
}
