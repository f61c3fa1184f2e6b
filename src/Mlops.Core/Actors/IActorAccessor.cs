namespace Mlops;

/// <summary>
/// Tells who is acting, for the journal and for permissions. The default is the operating-system user; replace it
/// (for example with one that reads <c>HttpContext.User</c>) through <c>MlopsBuilder.UseActorAccessor</c>.
/// </summary>
public interface IActorAccessor
{
    /// <summary>The current actor's name. Never null or empty.</summary>
    string CurrentActor { get; }
}
