using System.ComponentModel.DataAnnotations;

namespace Mlops.Governance;

/// <summary>
/// How permissions are decided once <c>EnablePermissions</c> turned them on. An actor's level on an experiment or a
/// registered model is the highest of: <see cref="DefaultLevel"/>, every grant whose principal matches the actor (by name,
/// by role or <c>*</c>), <see cref="PermissionLevel.Manage"/> for <see cref="Administrators"/>, and
/// <see cref="PermissionLevel.Manage"/> for the resource's creator when <see cref="CreatorsManage"/> is on.
/// </summary>
public sealed class PermissionOptions
{
    /// <summary>
    /// What an actor holds without any grant. Grants only raise it, so an actor can never be held below this level; use
    /// <see cref="PermissionLevel.None"/> for a closed system. Creating a new experiment or registered model needs
    /// <see cref="PermissionLevel.Edit"/> on its name, so with the default only administrators and actors granted Edit on
    /// that name in advance may create one.
    /// </summary>
    /// <value>Defaults to <see cref="PermissionLevel.Read"/>.</value>
    [EnumDataType(typeof(PermissionLevel))]
    public PermissionLevel DefaultLevel { get; set; } = PermissionLevel.Read;

    /// <summary>Principals (<c>alice</c>, <c>role:admins</c>, <c>*</c>) that hold <see cref="PermissionLevel.Manage"/> on every resource.</summary>
    /// <value>Defaults to empty.</value>
    public IList<string> Administrators { get; } = [];

    /// <summary>Whether the actor who created an experiment or a registered model holds <see cref="PermissionLevel.Manage"/> on it.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool CreatorsManage { get; set; } = true;

    /// <summary>
    /// How long grants read from the store are trusted before the store's journal head is checked again. Grants and
    /// revocations made through this app's <see cref="IPermissionService"/> apply to the next operation whatever the
    /// value; the interval bounds how late a change made by another process (or another app on the same store) is
    /// seen. <see cref="TimeSpan.Zero"/> checks the journal head (one small read) before every decision.
    /// </summary>
    /// <value>Defaults to <see cref="TimeSpan.Zero"/>.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.Zero;
}
