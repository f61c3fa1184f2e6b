using Mlops.Serving.HotSwap;

namespace Mlops.Serving.Telemetry;

/// <summary>
/// Rows predicted for one attribute set (model, version, alias, variant), counted in cache-line-padded cells, one per
/// <see cref="ThreadStripe"/>, so that predicting threads do not contend on one counter. Read by the
/// <c>mlops.serving.predictions</c> observable counter, which costs the prediction path one uncontended atomic add
/// instead of a synchronous instrument's attribute lookup.
/// </summary>
internal sealed class PredictionCounter(KeyValuePair<string, object?>[] tags)
{
    private readonly long[] _cells = new long[ThreadStripe.Count * ThreadStripe.Stride];

    public KeyValuePair<string, object?>[] Tags { get; } = tags;

    public void Add(int rows) => Interlocked.Add(ref _cells[ThreadStripe.Current * ThreadStripe.Stride], rows);

    public long Total
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _cells.Length; i += ThreadStripe.Stride)
            {
                total += Volatile.Read(ref _cells[i]);
            }

            return total;
        }
    }
}
