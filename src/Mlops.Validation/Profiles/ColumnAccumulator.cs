namespace Mlops.Validation.Profiles;

/// <summary>One-pass, bounded-memory builder of a <see cref="ColumnProfile"/>.</summary>
internal sealed class ColumnAccumulator
{
    private readonly string _name;
    private readonly ProfileColumnKind _kind;
    private readonly int _maxCategories;
    private readonly HistogramAccumulator? _histogram;
    private readonly List<double>? _distinct;
    private readonly List<long>? _distinctCounts;
    private readonly Dictionary<string, long>? _categories;
    private bool _manyDistinct;
    private long _rows;
    private long _nulls;
    private long _n;
    private double _mean;
    private double _m2;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private long _other;

    internal ColumnAccumulator(string name, ProfileColumnKind kind, ProfileOptions options)
    {
        _name = name;
        _kind = kind;
        _maxCategories = options.MaxCategories;
        if (kind == ProfileColumnKind.Numeric)
        {
            _histogram = new HistogramAccumulator(options.MaxBins);
            _distinct = new List<double>(ColumnProfile.DistinctLimit);
            _distinctCounts = new List<long>(ColumnProfile.DistinctLimit);
        }
        else
        {
            _categories = new Dictionary<string, long>(StringComparer.Ordinal);
        }
    }

    internal void Add(double x)
    {
        _rows++;
        if (!double.IsFinite(x))
        {
            _nulls++;
            return;
        }

        _n++;
        var delta = x - _mean;
        _mean += delta / _n;
        _m2 += delta * (x - _mean);
        if (x < _min)
        {
            _min = x;
        }

        if (x > _max)
        {
            _max = x;
        }

        _histogram!.Add(x);
        if (!_manyDistinct)
        {
            var at = _distinct!.IndexOf(x);
            if (at >= 0)
            {
                _distinctCounts![at]++;
            }
            else if (_distinct.Count == ColumnProfile.DistinctLimit)
            {
                _manyDistinct = true;
            }
            else
            {
                _distinct.Add(x);
                _distinctCounts!.Add(1);
            }
        }
    }

    internal void Add(string? value)
    {
        _rows++;
        if (value is null)
        {
            _nulls++;
            return;
        }

        _n++;
        ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_categories!, value, out _);
        count++;

        // Prune lazily (at 4× the bound) to the bound's most frequent; exact while categories stay within the bound.
        if (_categories!.Count > 4 * _maxCategories)
        {
            Prune(_categories, _maxCategories, ref _other);
        }
    }

    internal static void Prune(Dictionary<string, long> categories, int keep, ref long other)
    {
        if (categories.Count <= keep)
        {
            return;
        }

        var dropped = categories.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Skip(keep).ToList();
        foreach (var (key, value) in dropped)
        {
            other += value;
            categories.Remove(key);
        }
    }

    internal ColumnProfile ToProfile()
    {
        var other = _other;
        Dictionary<string, long>? categories = null;
        if (_categories is not null)
        {
            categories = new Dictionary<string, long>(_categories, StringComparer.Ordinal);
            Prune(categories, _maxCategories, ref other);
        }

        var numeric = _kind == ProfileColumnKind.Numeric && _n > 0;
        return new ColumnProfile
        {
            Name = _name,
            Kind = _kind,
            RowCount = _rows,
            NullCount = _nulls,
            Min = numeric ? _min : null,
            Max = numeric ? _max : null,
            Mean = numeric ? _mean : null,
            SumSquaredDeviations = numeric ? _m2 : 0,
            DistinctValues = _kind == ProfileColumnKind.Numeric && !_manyDistinct ? _distinct!.Order().ToArray() : null,
            DistinctCounts = _kind == ProfileColumnKind.Numeric && !_manyDistinct
                ? _distinct!.Zip(_distinctCounts!).OrderBy(p => p.First).Select(p => p.Second).ToArray()
                : null,
            Histogram = _histogram?.ToHistogram(),
            Categories = categories,
            OtherCount = other,
        };
    }
}
