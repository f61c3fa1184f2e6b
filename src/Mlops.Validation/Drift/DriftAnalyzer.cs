using System.Globalization;
using Mlops.Validation.Profiles;

namespace Mlops.Validation.Drift;

/// <summary>
/// Runs the per-column drift tests and the data set verdict. Default test per column, as Evidently: numeric columns with
/// more than 5 distinct values get Kolmogorov–Smirnov when the reference has ≤ 1000 non-null values, else normalized
/// Wasserstein (drift at ≥ 0.1); text columns with ≤ 2 values (binary) get the z-test (≤ 1000) else Jensen–Shannon;
/// other text columns and numeric columns with ≤ 5 distinct values get chi-square (≤ 1000) else Jensen–Shannon (≥ 0.1).
/// p-value tests drift at p ≤ 0.05.
/// </summary>
public static class DriftAnalyzer
{
    /// <summary>Analyses raw samples; columns are matched by name and those missing from <paramref name="current"/> are skipped.</summary>
    /// <param name="reference">Reference columns.</param>
    /// <param name="current">Current columns.</param>
    /// <param name="options">Defaults and per-column overrides.</param>
    /// <returns>The report.</returns>
    public static DriftReport Analyze(IReadOnlyList<DriftColumn> reference, IReadOnlyList<DriftColumn> current, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var opts = options ?? new DriftOptions();
        opts.Validate();
        var pairs = reference
            .Select(r => (Ref: r, Cur: current.FirstOrDefault(c => string.Equals(c.Name, r.Name, StringComparison.Ordinal))))
            .Where(p => p.Cur is not null)
            .ToArray();
        var results = new ColumnDriftResult[pairs.Length];
        Parallel.For(0, pairs.Length, new ParallelOptions { MaxDegreeOfParallelism = opts.MaxDegreeOfParallelism }, i =>
        {
            var result = Column(ColumnSamples.FromRaw(pairs[i].Ref, pairs[i].Cur!, opts), opts);
            results[i] = pairs[i].Ref.Numbers is { } referenceValues && pairs[i].Cur!.Numbers is { } currentValues
                ? result with { ReferenceHistogram = Histogram(referenceValues), CurrentHistogram = Histogram(currentValues) }
                : result;
        });
        return Report(results, opts);
    }

    /// <summary>Bins for drawing a report: coarse enough to keep the report small, fine enough for any chart.</summary>
    private const int ReportHistogramBins = 256;

    private static NumericHistogram? Histogram(IReadOnlyList<double> values)
    {
        var histogram = new HistogramAccumulator(ReportHistogramBins);
        foreach (var value in values)
        {
            if (double.IsFinite(value))
            {
                histogram.Add(value);
            }
        }

        return histogram.ToHistogram();
    }

    /// <summary>
    /// Analyses stored profiles (the large-data path): normalized and raw Wasserstein, PSI, Jensen–Shannon and Hellinger are
    /// read from the histograms (accurate to one bin width), chi-square, z-test, Jensen–Shannon, PSI and Hellinger on
    /// categories from the exact counts (categories beyond the profile's bound count as one "other" category).
    /// Kolmogorov–Smirnov needs raw samples: a numeric column whose default would be KS (reference ≤ 1000 values) gets
    /// normalized Wasserstein instead, and an explicit KS override is rejected.
    /// </summary>
    /// <param name="reference">Reference profile.</param>
    /// <param name="current">Current profile.</param>
    /// <param name="options">Defaults and per-column overrides.</param>
    /// <returns>The report.</returns>
    public static DriftReport Analyze(DatasetProfile reference, DatasetProfile current, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var opts = options ?? new DriftOptions();
        opts.Validate();
        var results = reference.Columns
            .Select(r => (Ref: r, Cur: current.Column(r.Name)))
            .Where(p => p.Cur is not null && p.Ref.ValueCount > 0 && p.Cur.ValueCount > 0)
            .Select(p => Column(ColumnSamples.FromProfiles(p.Ref, p.Cur!, opts), opts))
            .ToArray();
        return Report(results, opts);
    }

    /// <summary>The test Evidently would choose for a column of this kind and reference size.</summary>
    /// <param name="kind">Column kind.</param>
    /// <param name="referenceCount">Non-null reference values.</param>
    /// <param name="options">Defaults, or the standard ones.</param>
    /// <returns>The default test.</returns>
    public static DriftTestKind DefaultTest(DriftColumnKind kind, long referenceCount, DriftOptions? options = null)
    {
        var small = referenceCount <= (options ?? new DriftOptions()).SmallReferenceRows;
        return kind switch
        {
            DriftColumnKind.Numeric => small ? DriftTestKind.KolmogorovSmirnov : DriftTestKind.NormalizedWasserstein,
            DriftColumnKind.Binary => small ? DriftTestKind.ZTest : DriftTestKind.JensenShannon,
            _ => small ? DriftTestKind.ChiSquare : DriftTestKind.JensenShannon,
        };
    }

    /// <summary>Whether the test yields a p-value (drift when p ≤ threshold) rather than a distance (drift when ≥ threshold).</summary>
    /// <param name="test">The test.</param>
    /// <returns><see langword="true"/> for KS, chi-square and the z-test.</returns>
    public static bool IsHypothesisTest(DriftTestKind test) =>
        test is DriftTestKind.KolmogorovSmirnov or DriftTestKind.ChiSquare or DriftTestKind.ZTest;

    private static ColumnDriftResult Column(ColumnSamples s, DriftOptions opts)
    {
        var overrides = opts.Columns.TryGetValue(s.Name, out var o) ? o : null;
        var test = overrides?.Test ?? DefaultTest(s.Kind, s.ReferenceCount, opts);
        if (test == DriftTestKind.KolmogorovSmirnov && overrides?.Test is null && !s.HasRawNumbers)
        {
            test = DriftTestKind.NormalizedWasserstein;
        }

        var result = s.Run(test);
        var hypothesis = IsHypothesisTest(test);
        var threshold = overrides?.Threshold ?? (hypothesis ? opts.PValueThreshold : opts.DistanceThreshold);
        return new ColumnDriftResult
        {
            Column = s.Name,
            Kind = s.Kind,
            Test = test,
            Statistic = result.Statistic,
            PValue = result.PValue,
            Threshold = threshold,
            Drifted = hypothesis ? result.PValue <= threshold : result.Statistic >= threshold,
            ReferenceCount = s.ReferenceCount,
            CurrentCount = s.CurrentCount,
        };
    }

    private static DriftReport Report(ColumnDriftResult[] results, DriftOptions opts)
    {
        var share = results.Length == 0 ? 0 : results.Count(r => r.Drifted) / (double)results.Length;
        return new DriftReport
        {
            Columns = results,
            DriftedShare = share,
            DatasetDriftShare = opts.DatasetDriftShare,
            DatasetDrift = results.Length > 0 && share >= opts.DatasetDriftShare,
        };
    }

    internal static string Key(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
