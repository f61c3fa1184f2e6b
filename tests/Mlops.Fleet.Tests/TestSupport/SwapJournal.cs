using Mlops.Journal;
using Mlops.Storage;

namespace Mlops.Fleet.Tests.TestSupport;

/// <summary>
/// Counts the <c>serving.swapped</c> entries the nodes journal, reading on as the store's own change notifier
/// (PostgreSQL <c>LISTEN/NOTIFY</c>) wakes it: waiting for the fleet to settle without sleeping.
/// </summary>
internal sealed class SwapJournal(IJournal journal, IJournalChangeNotifier changes)
{
    private long _position;
    private int _swaps;

    public async Task WaitForAsync(int swaps, CancellationToken cancellationToken)
    {
        while (true)
        {
            foreach (var entry in await journal.ReadAsync(_position + 1, 1000, cancellationToken))
            {
                _position = entry.Sequence;
                _swaps += entry.Kind == JournalKinds.ServingSwapped ? 1 : 0;
            }

            if (_swaps >= swaps)
            {
                return;
            }

            await changes.WaitForChangeAsync(_position, Timeout.InfiniteTimeSpan, cancellationToken);
        }
    }
}
