namespace Mlops.Governance;

/// <summary>What permissions are granted on.</summary>
public enum ResourceKind
{
    /// <summary>An experiment (by name) and its runs.</summary>
    Experiment,

    /// <summary>A registered model (by name), its versions and aliases.</summary>
    RegisteredModel,
}
