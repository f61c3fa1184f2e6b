namespace Mlops;

/// <summary>Thrown when a promotion guard refuses an alias move. Lists every unmet requirement. Nothing moved.</summary>
public sealed class MlopsPolicyDeniedException : MlopsException
{
    /// <summary>Creates the exception for the action and the unmet requirements.</summary>
    public MlopsPolicyDeniedException(string action, IReadOnlyList<string> unmetRequirements)
        : base($"{action} was denied: {string.Join(" ", unmetRequirements ?? [])}")
    {
        Action = action;
        UnmetRequirements = unmetRequirements ?? [];
    }

    /// <summary>What was attempted, e.g. <c>moving alias 'champion' of 'penguins' to version 3</c>.</summary>
    public string Action { get; }

    /// <summary>Every requirement that was not met.</summary>
    public IReadOnlyList<string> UnmetRequirements { get; }
}
