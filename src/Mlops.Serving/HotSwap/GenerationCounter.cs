namespace Mlops.Serving.HotSwap;

/// <summary>Counts model generations created and not yet disposed, so that tests and status can prove old ones are released.</summary>
internal sealed class GenerationCounter
{
    private long _created;
    private long _disposed;

    public long CreatedCount => Volatile.Read(ref _created);

    public long DisposedCount => Volatile.Read(ref _disposed);

    public long Live => CreatedCount - DisposedCount;

    public void Created() => Interlocked.Increment(ref _created);

    public void Disposed() => Interlocked.Increment(ref _disposed);
}
