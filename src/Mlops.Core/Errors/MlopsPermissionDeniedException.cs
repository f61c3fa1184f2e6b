using Mlops.Governance;

namespace Mlops;

/// <summary>The actor lacks the permission an operation needs. Nothing was changed; the denial is journaled.</summary>
public sealed class MlopsPermissionDeniedException : MlopsException
{
    /// <summary>Creates the exception.</summary>
    public MlopsPermissionDeniedException(string actor, ResourceKind kind, string resourceName, PermissionLevel required, PermissionLevel held)
        : base($"'{actor}' needs {required} permission on {Describe(kind)} '{resourceName}' and holds {held}.")
    {
        Actor = actor;
        Kind = kind;
        ResourceName = resourceName;
        Required = required;
        Held = held;
    }

    /// <summary>Who was refused.</summary>
    public string Actor { get; }

    /// <summary>The kind of resource.</summary>
    public ResourceKind Kind { get; }

    /// <summary>The resource.</summary>
    public string ResourceName { get; }

    /// <summary>The level the operation needs.</summary>
    public PermissionLevel Required { get; }

    /// <summary>The level the actor holds.</summary>
    public PermissionLevel Held { get; }

    private static string Describe(ResourceKind kind) => kind == ResourceKind.Experiment ? "experiment" : "registered model";
}
