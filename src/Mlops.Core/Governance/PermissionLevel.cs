namespace Mlops.Governance;

/// <summary>MLflow's permission levels, each including the ones before it.</summary>
public enum PermissionLevel
{
    /// <summary>No access.</summary>
    None = 0,

    /// <summary>Read: see runs, metrics, artifacts, models and versions.</summary>
    Read = 1,

    /// <summary>Edit: also start and change runs, register versions, change descriptions and tags.</summary>
    Edit = 2,

    /// <summary>Manage: also move aliases, archive and delete, and grant permissions on the resource.</summary>
    Manage = 3,
}
