using System.Reflection;
using Mlops.Journal;
using Mlops.Storage;

namespace Mlops.Serving.Tests.HotSwap;

/// <summary>
/// Wraps the real journal store; appends of <c>serving.swapped</c> wait on a gate (and count as entered), every other
/// call passes straight through — a swap's audit write stuck behind other writers, held still deterministically.
/// </summary>
public class GatedSwapJournal : DispatchProxy
{
    private IJournalStore _inner = null!;
    private int _entered;

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Entered => Volatile.Read(ref _entered);

    public static IJournalStore Wrap(IJournalStore inner, out GatedSwapJournal control)
    {
        var proxy = Create<IJournalStore, GatedSwapJournal>();
        control = (GatedSwapJournal)(object)proxy;
        control._inner = inner;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IJournalStore.AppendJournalAsync) && args![0] is JournalDraft { Kind: JournalKinds.ServingSwapped } draft)
        {
            return AppendAfterGateAsync(draft, (CancellationToken)args[1]!);
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    private async Task<JournalEntry> AppendAfterGateAsync(JournalDraft draft, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _entered);
        await Gate.Task;
        return await _inner.AppendJournalAsync(draft, cancellationToken);
    }
}
