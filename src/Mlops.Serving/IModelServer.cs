namespace Mlops.Serving;

/// <summary>
/// The served models as a whole: their status, and a way to catch up with the journal now instead of at the next poll.
/// Registered by <c>AddServing</c>; a hosted service polls it every <see cref="ServingOptions.PollInterval"/>.
/// </summary>
public interface IModelServer
{
    /// <summary>Every served model's status, by key.</summary>
    IReadOnlyList<ServedModelStatus> GetStatuses();

    /// <summary>One served model's status; <see cref="MlopsNotFoundException"/> for an unknown key.</summary>
    ServedModelStatus GetStatus(string key);

    /// <summary>
    /// Reads the journal from where serving last stopped and applies what it finds: alias moves (load, check the signature,
    /// warm up, publish), deleted versions, and first loads or retries of models not loaded. Returns when every resulting
    /// swap is published or has failed. Calls are serialized.
    /// </summary>
    Task SyncAsync(CancellationToken cancellationToken = default);

    /// <summary>Evaluates online drift of every served model now (the hosted service does it every <see cref="Drift.OnlineDriftOptions.EvaluationInterval"/>).</summary>
    Task EvaluateDriftAsync(CancellationToken cancellationToken = default);
}
