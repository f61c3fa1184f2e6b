using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Mlops;
using Mlops.AspNetCore.Dashboard;
using Mlops.AspNetCore.Dashboard.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what the dashboard needs, and the actor that reads the signed-in user.</summary>
public static class DashboardMlopsBuilderExtensions
{
    /// <summary>Registers the dashboard's options and ASP.NET Core antiforgery (its approve and reject forms are protected by it).</summary>
    /// <param name="builder">The Mlops builder.</param>
    /// <returns>The builder.</returns>
    public static MlopsBuilder AddDashboard(this MlopsBuilder builder) => builder.AddDashboard(_ => { });

    /// <summary>Registers the dashboard with options (authorization policy, title, page size) and ASP.NET Core antiforgery.</summary>
    /// <param name="builder">The Mlops builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    public static MlopsBuilder AddDashboard(this MlopsBuilder builder, Action<MlopsDashboardOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptionsWithValidateOnStart<MlopsDashboardOptions>().Configure(configure);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MlopsDashboardOptions>, MlopsDashboardOptionsValidator>());
        builder.Services.AddAntiforgery();
        return builder;
    }

    /// <summary>
    /// Makes the signed-in user of the current HTTP request the actor (<c>HttpContext.User.Identity.Name</c>), so the journal
    /// and the approval workflow record who clicked. Outside a request, or for an unauthenticated one, the accessor configured
    /// before this call acts (<c>UseActor</c>, <c>UseActorAccessor</c>, else the operating-system user): call it after those.
    /// </summary>
    /// <param name="builder">The Mlops builder.</param>
    /// <returns>The builder.</returns>
    public static MlopsBuilder UseHttpContextActor(this MlopsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var previous = builder.Services.LastOrDefault(d => d.ServiceType == typeof(IActorAccessor) && !d.IsKeyedService);
        builder.Services.AddHttpContextAccessor();
        return builder.UseActorAccessor(sp => new HttpContextActorAccessor(sp.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>(), Fallback(sp, previous)));
    }

    private static IActorAccessor Fallback(IServiceProvider services, ServiceDescriptor? previous) => previous switch
    {
        { ImplementationInstance: IActorAccessor instance } => instance,
        { ImplementationFactory: { } factory } => (IActorAccessor)factory(services),
        { ImplementationType: { } type } => (IActorAccessor)ActivatorUtilities.CreateInstance(services, type),
        _ => new DelegateFallback(),
    };

    private sealed class DelegateFallback : IActorAccessor
    {
        public string CurrentActor => string.IsNullOrEmpty(Environment.UserName) ? "unknown" : Environment.UserName;
    }
}
