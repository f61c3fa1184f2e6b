namespace Mlops;

/// <summary>
/// Thrown when a write conflicts with what is stored: a parameter logged again with a different value, a state
/// transition that is not allowed, a name already taken. Nothing was written.
/// </summary>
public sealed class MlopsConflictException : MlopsException
{
    /// <summary>Creates the exception with a message that names the value and the rule.</summary>
    public MlopsConflictException(string message) : base(message) { }
}
