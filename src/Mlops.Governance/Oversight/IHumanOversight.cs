using Mlops.Journal;

namespace Mlops.Governance;

/// <summary>
/// Human oversight (EU AI Act Art. 14): a per-model kill switch that every serving instance honours, and recorded manual
/// overrides of a model's output. Each action is journaled with the actor who took it.
/// </summary>
public interface IHumanOversight
{
    /// <summary>
    /// Stops serving <paramref name="modelName"/> everywhere: serving instances pick it up at their next journal poll (or
    /// <c>IModelServer.SyncAsync</c>) and answer from the configured fallback or throw <c>MlopsModelDisabledException</c>.
    /// Stores the model's control record and journals <c>model.serving.disabled</c> in one transaction. Already stopped:
    /// returns the current control unchanged. Needs <see cref="PermissionLevel.Manage"/> on the model.
    /// </summary>
    Task<ModelServingControl> DisableServingAsync(string modelName, string reason, CancellationToken cancellationToken = default);

    /// <summary>Lets <paramref name="modelName"/> serve again (journals <c>model.serving.enabled</c>); not stopped: returns the control unchanged.</summary>
    Task<ModelServingControl> EnableServingAsync(string modelName, string reason, CancellationToken cancellationToken = default);

    /// <summary>Whether <paramref name="modelName"/> is stopped, by whom, since when and why.</summary>
    Task<ModelServingControl> GetServingControlAsync(string modelName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that a person replaced a model's output with their own decision: journals <c>model.output.overridden</c>
    /// (subject <c>model/NAME/VERSION</c>) with the actor. The outputs must be JSON. Needs <see cref="PermissionLevel.Edit"/> on the model.
    /// </summary>
    Task<JournalEntry> RecordOverrideAsync(OutputOverride outputOverride, CancellationToken cancellationToken = default);
}
