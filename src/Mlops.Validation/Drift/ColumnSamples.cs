using Mlops.Validation.Profiles;

namespace Mlops.Validation.Drift;

/// <summary>One column's reference and current data in whichever form the tests need: sorted samples, counts, or histograms.</summary>
internal sealed class ColumnSamples
{
    private double[]? _sortedRef;
    private double[]? _sortedCur;
    private NumericHistogram? _histRef;
    private NumericHistogram? _histCur;
    private double _refStd;
    private Dictionary<string, long>? _countsRef;
    private Dictionary<string, long>? _countsCur;

    private ColumnSamples(string name) => Name = name;

    internal string Name { get; }

    internal DriftColumnKind Kind { get; private set; }

    internal long ReferenceCount { get; private set; }

    internal long CurrentCount { get; private set; }

    internal bool HasRawNumbers => _sortedRef is not null;

    internal static ColumnSamples FromRaw(DriftColumn reference, DriftColumn current, DriftOptions options)
    {
        var s = new ColumnSamples(reference.Name);
        if (reference.Numbers is not null && current.Numbers is not null)
        {
            var a = Finite(reference.Numbers);
            var b = Finite(current.Numbers);
            if (a.Length == 0 || b.Length == 0)
            {
                throw new MlopsValidationException(reference.Name, null, "drift needs at least one non-null value in reference and current");
            }

            Array.Sort(a);
            Array.Sort(b);
            s.ReferenceCount = a.Length;
            s.CurrentCount = b.Length;
            if (FewDistinct(a, b, options.FewValuesLimit))
            {
                s.Kind = DriftColumnKind.Categorical;
                s._countsRef = Counts(a);
                s._countsCur = Counts(b);
            }
            else
            {
                s.Kind = DriftColumnKind.Numeric;
            }

            s._sortedRef = a;
            s._sortedCur = b;
            return s;
        }

        if (reference.Texts is not null && current.Texts is not null)
        {
            s._countsRef = Counts(reference.Texts);
            s._countsCur = Counts(current.Texts);
            s.SetCategorical();
            return s;
        }

        throw new MlopsSchemaMismatchException(reference.Name, "reference and current hold different kinds of values (numbers vs text)");
    }

    internal static ColumnSamples FromProfiles(ColumnProfile reference, ColumnProfile current, DriftOptions options)
    {
        var s = new ColumnSamples(reference.Name);
        if (reference.Kind != current.Kind)
        {
            throw new MlopsSchemaMismatchException(reference.Name, $"reference is {reference.Kind}, current is {current.Kind}");
        }

        if (reference.Kind == ProfileColumnKind.Categorical)
        {
            s._countsRef = WithOther(reference);
            s._countsCur = WithOther(current);
            s.SetCategorical();
            return s;
        }

        s.ReferenceCount = reference.ValueCount;
        s.CurrentCount = current.ValueCount;
        s._histRef = reference.Histogram;
        s._histCur = current.Histogram;
        s._refStd = Math.Sqrt(reference.Variance ?? 0);
        var union = reference.DistinctValues is not null && current.DistinctValues is not null
            ? reference.DistinctValues.Union(current.DistinctValues).Count()
            : int.MaxValue;
        if (union <= options.FewValuesLimit)
        {
            s.Kind = DriftColumnKind.Categorical;
            s._countsRef = reference.DistinctValues!.Zip(reference.DistinctCounts!).ToDictionary(p => DriftAnalyzer.Key(p.First), p => p.Second, StringComparer.Ordinal);
            s._countsCur = current.DistinctValues!.Zip(current.DistinctCounts!).ToDictionary(p => DriftAnalyzer.Key(p.First), p => p.Second, StringComparer.Ordinal);
        }
        else
        {
            s.Kind = DriftColumnKind.Numeric;
        }

        return s;
    }

    internal StatisticalTestResult Run(DriftTestKind test)
    {
        if (Kind != DriftColumnKind.Numeric && _countsRef is not null)
        {
            var (keys, r, c) = DriftStatistics.Align(_countsRef, _countsCur!);
            switch (test)
            {
                case DriftTestKind.ChiSquare:
                    return DriftStatistics.ChiSquare(_countsRef, _countsCur!);
                case DriftTestKind.ZTest:
                    if (keys.Count > 2)
                    {
                        throw new MlopsValidationException(Name, keys.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "the z-test needs at most two distinct values");
                    }

                    return DriftStatistics.ZTestProportions((long)r[0], (long)r.Sum(), (long)c[0], (long)c.Sum());
                case DriftTestKind.JensenShannon:
                    return Distance(DriftStatistics.JensenShannonDistance(r, c), "jensen-shannon");
                case DriftTestKind.Hellinger:
                    return Distance(DriftStatistics.HellingerDistance(r, c), "hellinger");
                case DriftTestKind.PopulationStabilityIndex:
                    return Distance(DriftStatistics.PopulationStabilityIndex(Shares(r), Shares(c)), "psi");
                default:
                    if (_sortedRef is null && _histRef is null)
                    {
                        throw new MlopsValidationException(Name, test.ToString(), "numeric tests cannot run on a text column");
                    }

                    break;
            }
        }

        if (_sortedRef is not null)
        {
            return RunSorted(test, _sortedRef, _sortedCur!);
        }

        return RunHistogram(test);
    }

    private StatisticalTestResult RunSorted(DriftTestKind test, double[] a, double[] b)
    {
        switch (test)
        {
            case DriftTestKind.KolmogorovSmirnov:
                return KolmogorovSmirnov.SortedTwoSample(a, b);
            case DriftTestKind.Wasserstein:
                return Distance(DriftStatistics.SortedWasserstein(a, b), "wasserstein");
            case DriftTestKind.NormalizedWasserstein:
                var std = Math.Max(DriftStatistics.PopulationStandardDeviation(a), DriftStatistics.StandardDeviationFloor);
                return Distance(DriftStatistics.SortedWasserstein(a, b) / std, "normalized-wasserstein");
            case DriftTestKind.PopulationStabilityIndex or DriftTestKind.JensenShannon or DriftTestKind.Hellinger:
                var (r, c) = Binning.DecileShares(a, b);
                return Binned(test, r, c);
            default:
                // Chi-square or z-test on a many-valued numeric column: every distinct value is a category.
                _countsRef = Counts(a);
                _countsCur = Counts(b);
                var kind = Kind;
                Kind = DriftColumnKind.Categorical;
                try
                {
                    return Run(test);
                }
                finally
                {
                    Kind = kind;
                }
        }
    }

    private StatisticalTestResult RunHistogram(DriftTestKind test)
    {
        var a = _histRef!;
        var b = _histCur!;
        switch (test)
        {
            case DriftTestKind.Wasserstein:
                return Distance(HistogramMath.Wasserstein(a, b), "wasserstein");
            case DriftTestKind.NormalizedWasserstein:
                return Distance(HistogramMath.Wasserstein(a, b) / Math.Max(_refStd, DriftStatistics.StandardDeviationFloor), "normalized-wasserstein");
            case DriftTestKind.PopulationStabilityIndex or DriftTestKind.JensenShannon or DriftTestKind.Hellinger:
                var (r, c) = HistogramMath.DecileShares(a, b);
                return Binned(test, r, c);
            default:
                throw new MlopsValidationException(Name, test.ToString(), "needs raw samples or category counts; a numeric profile supports Wasserstein, normalized Wasserstein, PSI, Jensen–Shannon and Hellinger");
        }
    }

    private static StatisticalTestResult Binned(DriftTestKind test, double[] r, double[] c) => test switch
    {
        DriftTestKind.PopulationStabilityIndex => Distance(DriftStatistics.PopulationStabilityIndex(r, c), "psi"),
        DriftTestKind.JensenShannon => Distance(DriftStatistics.JensenShannonDistance(r, c), "jensen-shannon"),
        _ => Distance(DriftStatistics.HellingerDistance(r, c), "hellinger"),
    };

    private static StatisticalTestResult Distance(double value, string name) => new(value, null, name);

    private void SetCategorical()
    {
        ReferenceCount = _countsRef!.Values.Sum();
        CurrentCount = _countsCur!.Values.Sum();
        if (ReferenceCount == 0 || CurrentCount == 0)
        {
            throw new MlopsValidationException(Name, null, "drift needs at least one non-null value in reference and current");
        }

        Kind = _countsRef.Keys.Union(_countsCur.Keys).Count() <= 2 ? DriftColumnKind.Binary : DriftColumnKind.Categorical;
    }

    private static double[] Shares(double[] counts)
    {
        var total = counts.Sum();
        return counts.Select(x => x / total).ToArray();
    }

    private static Dictionary<string, long> WithOther(ColumnProfile p)
    {
        var d = new Dictionary<string, long>(p.Categories ?? new Dictionary<string, long>(), StringComparer.Ordinal);
        if (p.OtherCount > 0)
        {
            d["\u0000other"] = d.GetValueOrDefault("\u0000other") + p.OtherCount;
        }

        return d;
    }

    private static double[] Finite(IReadOnlyList<double> values)
    {
        var result = new double[values.Count];
        var n = 0;
        if (values is double[] array)
        {
            foreach (var v in array)
            {
                if (double.IsFinite(v))
                {
                    result[n++] = v;
                }
            }
        }
        else
        {
            foreach (var v in values)
            {
                if (double.IsFinite(v))
                {
                    result[n++] = v;
                }
            }
        }

        return n == result.Length ? result : result[..n];
    }

    private static bool FewDistinct(double[] sortedA, double[] sortedB, int limit)
    {
        var seen = new HashSet<double>();
        foreach (var sorted in new[] { sortedA, sortedB })
        {
            for (var i = 0; i < sorted.Length; i++)
            {
                if ((i == 0 || sorted[i] != sorted[i - 1]) && seen.Add(sorted[i]) && seen.Count > limit)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static Dictionary<string, long> Counts(double[] sorted)
    {
        var d = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            while (j < sorted.Length && sorted[j] == sorted[i])
            {
                j++;
            }

            d[DriftAnalyzer.Key(sorted[i])] = j - i;
            i = j;
        }

        return d;
    }

    private static Dictionary<string, long> Counts(IReadOnlyList<string?> values)
    {
        var d = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var v in values)
        {
            if (v is not null)
            {
                d[v] = d.GetValueOrDefault(v) + 1;
            }
        }

        return d;
    }
}
