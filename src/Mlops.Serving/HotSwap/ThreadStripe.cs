using System.Numerics;

namespace Mlops.Serving.HotSwap;

/// <summary>
/// Gives each thread a stripe: an index in <c>[0, Count)</c>, handed out round-robin the first time a thread asks and
/// kept for the thread's life. Per-stripe state (a generation's lease count, its cached engine, a prediction counter's
/// cell) lives on its own cache line, so that threads predicting at once write different lines instead of passing one
/// line between cores. Round-robin instead of the thread id modulo the count: the first <see cref="Count"/> threads to
/// predict get distinct stripes, where thread ids (1, 3, 5, ...) often share one.
/// </summary>
internal static class ThreadStripe
{
    /// <summary>Longs per stripe cell: 8 × 8 bytes, one 64-byte cache line.</summary>
    public const int Stride = 8;

    [ThreadStatic]
    private static int t_stripePlusOne;

    private static int s_next;

    /// <summary>Stripes: twice the processor count rounded up to a power of two, at least 2 and at most 64.</summary>
    public static int Count { get; } = (int)Math.Clamp(BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, Environment.ProcessorCount) * 2), 2u, 64u);

    /// <summary>The calling thread's stripe.</summary>
    public static int Current
    {
        get
        {
            var stripe = t_stripePlusOne;
            return stripe != 0 ? stripe - 1 : Assign();
        }
    }

    private static int Assign()
    {
        var stripe = (Interlocked.Increment(ref s_next) - 1) & (Count - 1);
        t_stripePlusOne = stripe + 1;
        return stripe;
    }
}
