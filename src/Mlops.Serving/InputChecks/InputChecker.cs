using System.Globalization;
using Mlops.Validation.Profiles;

namespace Mlops.Serving;

/// <summary>
/// Checks input rows against a reference profile: NaN or missing where the reference had none, numbers outside the
/// reference range (widened by the margin), categories the reference never had (when its category list is complete).
/// A clean row costs a few comparisons per feature and allocates nothing.
/// </summary>
internal sealed class InputChecker<TIn>
{
    private readonly Rule[] _rules;

    private InputChecker(Rule[] rules, InputCheckMode mode)
    {
        _rules = rules;
        Mode = mode;
    }

    public InputCheckMode Mode { get; }

    /// <summary>A checker for the features the profile knows, or <see langword="null"/> when checks are off or nothing matches.</summary>
    public static InputChecker<TIn>? Create(DatasetProfile? reference, InputCheckOptions options)
    {
        if (reference is null || options.Mode == InputCheckMode.Off)
        {
            return null;
        }

        var rules = new List<Rule>();
        foreach (var feature in Feature<TIn>.All)
        {
            var column = reference.Column(feature.Name);
            if (column is null || column.ValueCount == 0)
            {
                continue;
            }

            if (feature.IsNumeric && column.Kind == ProfileColumnKind.Numeric && column.Min is { } min && column.Max is { } max)
            {
                var margin = (max - min) * options.RangeMargin;
                rules.Add(new Rule(feature, column.NullCount > 0, min - margin, max + margin, null));
            }
            else if (!feature.IsNumeric && column.Kind == ProfileColumnKind.Categorical && column.Categories is { } categories)
            {
                var allowsMissing = column.NullCount > 0 || categories.ContainsKey(string.Empty);
                var known = column.OtherCount == 0 ? new HashSet<string>(categories.Keys, StringComparer.Ordinal) : null;
                rules.Add(new Rule(feature, allowsMissing, 0, 0, known));
            }
        }

        return rules.Count == 0 ? null : new InputChecker<TIn>([.. rules], options.Mode);
    }

    /// <summary>The issues of a row, or <see langword="null"/> when it is clean.</summary>
    public InputIssue[]? Check(TIn row)
    {
        List<InputIssue>? issues = null;
        foreach (var rule in _rules)
        {
            if (rule.Check(row) is { } issue)
            {
                (issues ??= []).Add(issue);
            }
        }

        return issues?.ToArray();
    }

    private sealed record Rule(Feature<TIn> Feature, bool AllowsMissing, double Min, double Max, HashSet<string>? Known)
    {
        public InputIssue? Check(TIn row)
        {
            var name = Feature.Name;
            if (Feature.Number is { } number)
            {
                var x = number(row);
                if (double.IsNaN(x))
                {
                    return AllowsMissing ? null : new InputIssue(name, InputIssueKind.NaN, "NaN", "the reference data has no missing values in this column");
                }

                if (x < Min || x > Max || double.IsInfinity(x))
                {
                    return new InputIssue(name, InputIssueKind.OutOfRange, x.ToString("R", CultureInfo.InvariantCulture),
                        string.Create(CultureInfo.InvariantCulture, $"must be within [{Min:G6}, {Max:G6}] (the reference range widened by the margin)"));
                }

                return null;
            }

            var text = Feature.Text!(row);
            if (string.IsNullOrEmpty(text))
            {
                return AllowsMissing ? null : new InputIssue(name, InputIssueKind.Missing, text is null ? "null" : "\"\"", "the reference data has no missing values in this column");
            }

            return Known is not null && !Known.Contains(text)
                ? new InputIssue(name, InputIssueKind.UnknownCategory, text, $"must be one of the reference categories ({string.Join(", ", Known.Order(StringComparer.Ordinal).Take(20))})")
                : null;
        }
    }
}
