using System.Globalization;
using System.Text.RegularExpressions;

namespace Mlops.Validation.Expectations.Implementation;

/// <summary>Checks each expectation of a suite against materialized data.</summary>
internal static class ExpectationEvaluator
{
    public static ExpectationSuiteResult Run(ExpectationSuite suite, TableData table, ExpectationRunOptions options, CancellationToken cancellationToken)
    {
        // Refuse before checking anything, so a run never reports half a suite.
        foreach (var expectation in suite.Expectations)
        {
            CheckColumnType(expectation, table);
        }

        var results = new List<ExpectationResult>(suite.Expectations.Count);
        foreach (var expectation in suite.Expectations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(Evaluate(expectation, table, options));
        }

        var passed = results.Count(r => r.Success);
        return new ExpectationSuiteResult
        {
            SuiteName = suite.Name,
            Success = passed == results.Count,
            RowCount = table.RowCount,
            Statistics = new ExpectationStatistics(
                results.Count, passed, results.Count - passed, results.Count == 0 ? 100.0 : 100.0 * passed / results.Count),
            Results = results,
        };
    }

    private static void CheckColumnType(Expectation expectation, TableData table)
    {
        if (expectation is not ColumnExpectation c || expectation is ExpectColumnToExist || table.Find(c.Column) is not { } column)
        {
            return;
        }

        if (column.Kind is ColumnKind.Vector or ColumnKind.Unsupported)
        {
            var what = column.Kind == ColumnKind.Vector ? "is a vector column" : "has an unsupported type";
            throw new MlopsSchemaMismatchException(
                column.Name,
                $"{what} ({column.TypeName}); {expectation.ExpectationType} checks scalar columns of numbers, text or booleans only");
        }

        if (expectation is ExpectColumnValuesToBeBetween && column.Kind != ColumnKind.Number)
        {
            throw new MlopsSchemaMismatchException(column.Name, $"is not numeric ({column.TypeName}); {expectation.ExpectationType} needs a numeric column");
        }

        if (expectation is ExpectColumnValuesToMatchRegex && column.Kind != ColumnKind.Text)
        {
            throw new MlopsSchemaMismatchException(column.Name, $"is not text ({column.TypeName}); {expectation.ExpectationType} needs a text column");
        }
    }

    private static ExpectationResult Evaluate(Expectation expectation, TableData table, ExpectationRunOptions options)
    {
        if (expectation is ExpectTableRowCountToBeBetween rows)
        {
            long n = table.RowCount;
            return new ExpectationResult
            {
                Expectation = expectation,
                Success = (rows.Min is not { } lo || n >= lo) && (rows.Max is not { } hi || n <= hi),
                ElementCount = n,
                ObservedRowCount = n,
            };
        }

        var columnExpectation = (ColumnExpectation)expectation;
        var column = table.Find(columnExpectation.Column);
        if (expectation is ExpectColumnToExist)
        {
            return new ExpectationResult
            {
                Expectation = expectation,
                Success = column is not null,
                ElementCount = table.RowCount,
                Error = column is null ? $"column '{columnExpectation.Column}' not found" : null,
            };
        }

        if (column is null)
        {
            return new ExpectationResult
            {
                Expectation = expectation,
                Success = false,
                ElementCount = table.RowCount,
                Error = $"column '{columnExpectation.Column}' not found",
            };
        }

        return expectation switch
        {
            ExpectColumnValuesToNotBeNull notNull => NotNull(notNull, column, table.RowCount, options),
            ExpectColumnValuesToBeBetween between => Between(between, column, table.RowCount, options),
            ExpectColumnValuesToBeInSet inSet => Map(inSet, inSet.Mostly, column, table.RowCount, options, ToSet(column, inSet.ValueSet)),
            ExpectColumnValuesToBeUnique unique => Map(unique, unique.Mostly, column, table.RowCount, options, Unique(column, table.RowCount)),
            ExpectColumnValuesToMatchRegex regex => Map(regex, regex.Mostly, column, table.RowCount, options, Matches(regex, column, options)),
            _ => throw new NotSupportedException($"Unknown expectation {expectation.GetType().Name}."),
        };
    }

    private static ExpectationResult NotNull(ExpectColumnValuesToNotBeNull expectation, ColumnData column, int rowCount, ExpectationRunOptions options)
    {
        var examples = new List<UnexpectedExample>();
        long missing = 0;
        for (var row = 0; row < rowCount; row++)
        {
            if (column.IsMissing(row))
            {
                missing++;
                if (examples.Count < options.MaxUnexpectedExamples)
                {
                    examples.Add(new UnexpectedExample(row, null));
                }
            }
        }

        return new ExpectationResult
        {
            Expectation = expectation,
            Success = rowCount == 0 || MeetsMostly(rowCount - missing, rowCount, expectation.Mostly),
            ElementCount = rowCount,
            MissingCount = missing,
            UnexpectedCount = missing,
            UnexpectedPercent = rowCount == 0 ? null : 100.0 * missing / rowCount,
            UnexpectedExamples = examples,
        };
    }

    private static ExpectationResult Between(ExpectColumnValuesToBeBetween expectation, ColumnData column, int rowCount, ExpectationRunOptions options)
    {
        double? min = null, max = null;
        var values = column.Numbers!;
        for (var row = 0; row < rowCount; row++)
        {
            var v = values[row];
            if (!double.IsNaN(v))
            {
                min = min is { } lo && lo <= v ? lo : v;
                max = max is { } hi && hi >= v ? hi : v;
            }
        }

        var result = Map(expectation, expectation.Mostly, column, rowCount, options, row => expectation.Contains(values[row]));
        return result with { ObservedMin = min, ObservedMax = max };
    }

    private static Func<int, bool> ToSet(ColumnData column, IReadOnlyList<string> valueSet)
    {
        var set = new HashSet<string>(valueSet, StringComparer.Ordinal);
        return row => set.Contains(column.Format(row)!);
    }

    private static Func<int, bool> Unique(ColumnData column, int rowCount)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var row = 0; row < rowCount; row++)
        {
            if (column.Format(row) is { } key)
            {
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        return row => counts[column.Format(row)!] == 1;
    }

    private static Func<int, bool> Matches(ExpectColumnValuesToMatchRegex expectation, ColumnData column, ExpectationRunOptions options)
    {
        var regex = new Regex(expectation.Regex, RegexOptions.CultureInvariant, options.RegexTimeout);
        return row =>
        {
            try
            {
                return regex.IsMatch(column.Texts![row]!);
            }
            catch (RegexMatchTimeoutException)
            {
                throw new MlopsValidationException(
                    "regex",
                    expectation.Regex,
                    $"took longer than {options.RegexTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s on row {row} of column '{column.Name}'; simplify the pattern or raise the regex timeout");
            }
        };
    }

    /// <summary>The shared shape of value expectations: missing values are skipped, the rest tested one by one.</summary>
    private static ExpectationResult Map(Expectation expectation, double mostly, ColumnData column, int rowCount, ExpectationRunOptions options, Func<int, bool> expected)
    {
        var examples = new List<UnexpectedExample>();
        long missing = 0, unexpected = 0;
        for (var row = 0; row < rowCount; row++)
        {
            if (column.IsMissing(row))
            {
                missing++;
                continue;
            }

            if (!expected(row))
            {
                unexpected++;
                if (examples.Count < options.MaxUnexpectedExamples)
                {
                    examples.Add(new UnexpectedExample(row, column.Format(row)));
                }
            }
        }

        var present = rowCount - missing;
        return new ExpectationResult
        {
            Expectation = expectation,
            Success = present == 0 || MeetsMostly(present - unexpected, present, mostly),
            ElementCount = rowCount,
            MissingCount = missing,
            UnexpectedCount = unexpected,
            UnexpectedPercent = present == 0 ? null : 100.0 * unexpected / present,
            UnexpectedExamples = examples,
        };
    }

    // Inference computes mostly with this same expression, so an inferred suite passes on its own reference data.
    internal static bool MeetsMostly(long good, long total, double mostly) => (double)good / total >= mostly;
}
