using System.Diagnostics;
using System.Globalization;
using Mlops.Serving;

namespace Mlops.FleetNode;

/// <summary>
/// Predicts real rows one after another on a dedicated thread and keeps when each success returned. Any exception is a
/// failure, and so is an answer that names no species: a swap must never hand out an empty or broken output.
/// </summary>
internal sealed class PredictionLoop(IPredictor<Penguin, SpeciesPrediction> predictor, IReadOnlyList<Penguin> rows, TextWriter output)
{
    private const int KeptFailureMessages = 5;
    private static readonly HashSet<string> Species = new(["Adelie", "Chinstrap", "Gentoo"], StringComparer.Ordinal);

    private readonly Lock _gate = new();
    private readonly List<long> _answeredAt = new(1 << 16);
    private readonly List<string> _failureMessages = [];
    private long _failures;
    private volatile bool _stopping;
    private Thread? _thread;

    public long Predictions
    {
        get
        {
            lock (_gate)
            {
                return _answeredAt.Count;
            }
        }
    }

    public long Failures => Interlocked.Read(ref _failures);

    public IReadOnlyList<string> FailureMessages
    {
        get
        {
            lock (_gate)
            {
                return [.. _failureMessages];
            }
        }
    }

    public void Start()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "fleet-node-predictions" };
        _thread.Start();
    }

    public void Stop()
    {
        _stopping = true;
        _thread?.Join();
    }

    /// <summary>Successful predictions that returned at a timestamp in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public int CountBetween(long from, long to)
    {
        lock (_gate)
        {
            // Appended by one thread in timestamp order, so the list is sorted.
            return Math.Max(0, LowerBound(to) - LowerBound(from));
        }
    }

    private int LowerBound(long value)
    {
        var index = _answeredAt.BinarySearch(value);
        if (index < 0)
        {
            return ~index;
        }

        while (index > 0 && _answeredAt[index - 1] == value)
        {
            index--;
        }

        return index;
    }

    private void Run()
    {
        var answeredBy = 0;
        for (var i = 0; !_stopping; i++)
        {
            try
            {
                var prediction = predictor.PredictWithDetails(rows[i % rows.Count]);
                var at = Stopwatch.GetTimestamp();
                if (!Species.Contains(prediction.Output.PredictedSpecies))
                {
                    throw new InvalidOperationException($"version {prediction.Version} answered '{prediction.Output.PredictedSpecies}', not a species");
                }

                int count;
                lock (_gate)
                {
                    _answeredAt.Add(at);
                    count = _answeredAt.Count;
                }

                if (prediction.Version != answeredBy)
                {
                    answeredBy = prediction.Version;
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"LIVE {prediction.Version} {at} {count}"));
                }
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref _failures);
                lock (_gate)
                {
                    if (_failureMessages.Count < KeptFailureMessages)
                    {
                        _failureMessages.Add($"{e.GetType().Name}: {e.Message}".ReplaceLineEndings(" "));
                    }
                }
            }

            // About a thousand requests a second: a steady stream, not a busy loop. Three spinning nodes on two cores would
            // starve the very journal followers whose reaction time is being measured.
            Thread.Sleep(1);
        }
    }
}
