namespace Mlops.Tracking.Metrics;

/// <summary>
/// Unix-millisecond timestamps for metric points at a fraction of the cost of <see cref="DateTimeOffset.UtcNow"/>:
/// with the system time provider it adds the cheap monotonic tick count to an offset re-based on the wall clock every
/// second (so clock adjustments are followed within a second). Any other time provider (a fake in tests) is asked directly.
/// </summary>
internal sealed class MetricClock(TimeProvider time)
{
    private const long RebaseIntervalMs = 1000;
    private readonly bool _isSystem = ReferenceEquals(time, TimeProvider.System);
    private long _offset = long.MinValue;
    private long _nextRebase;

    public long NowUnixMilliseconds()
    {
        if (!_isSystem)
        {
            return time.GetUtcNow().ToUnixTimeMilliseconds();
        }

        var ticks = Environment.TickCount64;
        if (ticks >= Volatile.Read(ref _nextRebase))
        {
            Rebase(ticks);
        }

        return ticks + Volatile.Read(ref _offset);
    }

    private void Rebase(long ticks)
    {
        // Benign race: concurrent callers may both re-base; each write is a single atomic 64-bit store.
        Volatile.Write(ref _offset, time.GetUtcNow().ToUnixTimeMilliseconds() - ticks);
        Volatile.Write(ref _nextRebase, ticks + RebaseIntervalMs);
    }
}
