namespace Mlops;

internal sealed class DelegateActorAccessor(Func<string> resolve) : IActorAccessor
{
    public string CurrentActor
    {
        get
        {
            var actor = resolve();
            return string.IsNullOrWhiteSpace(actor)
                ? throw new MlopsValidationException("actor", actor, "the actor accessor returned an empty name.")
                : actor;
        }
    }
}
