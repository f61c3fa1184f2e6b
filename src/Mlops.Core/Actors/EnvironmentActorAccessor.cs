namespace Mlops;

/// <summary>The default actor: the operating-system user running the process.</summary>
internal sealed class EnvironmentActorAccessor : IActorAccessor
{
    private readonly string _actor = string.IsNullOrEmpty(Environment.UserName) ? "unknown" : Environment.UserName;

    public string CurrentActor => _actor;
}
