namespace Mlops;

/// <summary>Thrown when an entity (experiment, run, artifact, ...) that a caller names does not exist.</summary>
public sealed class MlopsNotFoundException : MlopsException
{
    /// <summary>Creates the exception for an entity kind and the identifier that was not found.</summary>
    public MlopsNotFoundException(string entityKind, string identifier)
        : base($"{entityKind} '{identifier}' was not found.")
    {
        EntityKind = entityKind;
        Identifier = identifier;
    }

    /// <summary>The kind of entity, such as <c>run</c> or <c>experiment</c>.</summary>
    public string EntityKind { get; }

    /// <summary>The identifier or name that did not resolve.</summary>
    public string Identifier { get; }
}
