namespace Mlops.Serving.Telemetry;

/// <summary>
/// Rows predicted for one attribute set (model, version, alias, variant), counted in cache-line-padded cells striped by
/// thread, so that predicting threads do not contend on one counter. Read by the <c>mlops.serving.predictions</c>
/// observable counter, which costs the prediction path one uncontended atomic add instead of a synchronous instrument's
/// attribute lookup.
/// </summary>
internal sealed class PredictionCounter(KeyValuePair<string, object?>[] tags)
{
    private const int Padding = 8; // 8 longs = one 64-byte cache line per cell
    private static readonly int Cells = Math.Max(1, Environment.ProcessorCount);
    private readonly long[] _cells = new long[Cells * Padding];

    public KeyValuePair<string, object?>[] Tags { get; } = tags;

    public void Add(int rows) =>
        Interlocked.Add(ref _cells[(Environment.CurrentManagedThreadId % Cells) * Padding], rows);

    public long Total
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _cells.Length; i += Padding)
            {
                total += Volatile.Read(ref _cells[i]);
            }

            return total;
        }
    }
}
