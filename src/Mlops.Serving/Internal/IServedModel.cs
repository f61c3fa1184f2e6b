using System.Diagnostics.Metrics;
using Mlops.Journal;
using Mlops.Serving.HotSwap;

namespace Mlops.Serving.Internal;

/// <summary>What the model server needs of a served model, whatever its row types.</summary>
internal interface IServedModel : IDisposable
{
    string Key { get; }

    string ModelName { get; }

    /// <summary>The aliases this model's variants follow (for the start-up cause lookup).</summary>
    IEnumerable<string> FollowedAliases { get; }

    GenerationCounter Generations { get; }

    /// <summary>How often the hosted service evaluates this model's online drift.</summary>
    TimeSpan DriftInterval { get; }

    ServedModelStatus GetStatus();

    /// <summary>Notes a journal entry; marks the variants it may affect for refresh.</summary>
    void Observe(JournalEntry entry);

    /// <summary>Sets the cause of the start-up load of a followed alias, found by the start-up journal lookup.</summary>
    void SetInitialCause(string alias, SwapCause cause);

    /// <summary>Loads what is not loaded yet, applies alias moves noted by <see cref="Observe"/> and retries failures that are due.</summary>
    Task RefreshAsync(CancellationToken cancellationToken);

    /// <summary>Waits until a primary version is loaded.</summary>
    Task WaitUntilLoadedAsync(CancellationToken cancellationToken);

    /// <summary>Completes when every swap so far is journaled (or its failure logged).</summary>
    Task AuditCompletion { get; }

    Task EvaluateDriftAsync(CancellationToken cancellationToken);

    /// <summary>The latest drift score per feature and test, for the observable gauge.</summary>
    void CollectDriftScores(List<Measurement<double>> into);
}
