namespace Mlops.Validation.Expectations.Implementation;

/// <summary>Turns reference data into a suite its own data passes.</summary>
internal static class SuiteInferrer
{
    public static ExpectationSuite Infer(string name, TableData table, ExpectationInferenceOptions options)
    {
        Check(options);
        var n = table.RowCount;
        var expectations = new List<Expectation>();
        if (options.InferRowCount)
        {
            expectations.Add(new ExpectTableRowCountToBeBetween(
                (long)Math.Floor(n * (1 - options.RowCountTolerance)),
                (long)Math.Ceiling(n * (1 + options.RowCountTolerance))));
        }

        foreach (var column in table.Columns)
        {
            expectations.Add(new ExpectColumnToExist(column.Name));
            if (column.Kind is ColumnKind.Vector or ColumnKind.Unsupported || n == 0)
            {
                continue;
            }

            long missing = 0;
            var distinct = new HashSet<string>(StringComparer.Ordinal);
            for (var row = 0; row < n; row++)
            {
                if (column.Format(row) is { } key)
                {
                    distinct.Add(key);
                }
                else
                {
                    missing++;
                }
            }

            var present = n - missing;
            if (present == 0)
            {
                continue;
            }

            expectations.Add(new ExpectColumnValuesToNotBeNull(column.Name, missing == 0 ? 1.0 : (double)present / n));
            switch (column.Kind)
            {
                case ColumnKind.Number:
                    var values = column.Numbers!.Where(v => !double.IsNaN(v)).ToArray();
                    double min = values.Min(), max = values.Max();
                    var margin = (max - min) * options.NumericMargin;
                    expectations.Add(new ExpectColumnValuesToBeBetween(column.Name, min - margin, max + margin));
                    break;
                case ColumnKind.Text when distinct.Count <= options.MaxCategoricalCardinality:
                case ColumnKind.Boolean:
                    expectations.Add(new ExpectColumnValuesToBeInSet(column.Name, [.. distinct.Order(StringComparer.Ordinal)]));
                    break;
            }

            if (options.InferUniqueness && column.Kind != ColumnKind.Boolean && present >= 2 && distinct.Count == present)
            {
                expectations.Add(new ExpectColumnValuesToBeUnique(column.Name));
            }
        }

        return new ExpectationSuite(name, expectations);
    }

    private static void Check(ExpectationInferenceOptions options)
    {
        if (double.IsNaN(options.NumericMargin) || options.NumericMargin < 0)
        {
            throw new MlopsValidationException("numeric margin", options.NumericMargin.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be zero or positive");
        }

        if (double.IsNaN(options.RowCountTolerance) || options.RowCountTolerance < 0 || options.RowCountTolerance > 1)
        {
            throw new MlopsValidationException("row count tolerance", options.RowCountTolerance.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be a fraction between 0 and 1");
        }

        if (options.MaxCategoricalCardinality < 0)
        {
            throw new MlopsValidationException("max categorical cardinality", options.MaxCategoricalCardinality.ToString(System.Globalization.CultureInfo.InvariantCulture), "must not be negative");
        }
    }
}
