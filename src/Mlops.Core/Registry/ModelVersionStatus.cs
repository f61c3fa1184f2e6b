namespace Mlops.Registry;

/// <summary>The state of a model version.</summary>
public enum ModelVersionStatus
{
    /// <summary>Registered and usable.</summary>
    Ready = 0,

    /// <summary>Kept for the record; not offered as <c>latest</c>. An archived version can be restored to <see cref="Ready"/>.</summary>
    Archived = 1,
}
