using Microsoft.Extensions.DependencyInjection.Extensions;
using Mlops;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Configures Mlops.Sdk: <c>UseX</c> picks a backend (<c>UseSqlite</c>, <c>UseFileSystemArtifacts</c>), <c>AddX</c> adds a
/// component (<c>AddTracking</c>). Obtained from <see cref="MlopsServiceCollectionExtensions.AddMlops(IServiceCollection)"/>.
/// </summary>
public sealed class MlopsBuilder
{
    internal MlopsBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection being configured; extension packages register through it.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Replaces the actor accessor (who is acting) with <typeparamref name="TAccessor"/>, resolved from DI.</summary>
    public MlopsBuilder UseActorAccessor<TAccessor>()
        where TAccessor : class, IActorAccessor
    {
        Services.Replace(ServiceDescriptor.Singleton<IActorAccessor, TAccessor>());
        return this;
    }

    /// <summary>Replaces the actor accessor with one built by <paramref name="factory"/>.</summary>
    public MlopsBuilder UseActorAccessor(Func<IServiceProvider, IActorAccessor> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.Replace(ServiceDescriptor.Singleton(factory));
        return this;
    }

    /// <summary>Uses a fixed actor name, for scripts and tests.</summary>
    public MlopsBuilder UseActor(string actor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        return UseActorAccessor(_ => new DelegateActorAccessor(() => actor));
    }
}
