using Microsoft.AspNetCore.Http;

namespace Mlops.AspNetCore.Dashboard.Internal;

/// <summary>The signed-in user of the current request acts; outside a request, or unauthenticated, the fallback accessor does.</summary>
internal sealed class HttpContextActorAccessor(IHttpContextAccessor http, IActorAccessor fallback) : IActorAccessor
{
    public string CurrentActor =>
        http.HttpContext?.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } && !string.IsNullOrWhiteSpace(name)
            ? name
            : fallback.CurrentActor;
}
