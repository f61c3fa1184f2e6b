using System.Globalization;
using System.Text;

namespace Mlops.Validation;

internal static class ValidationReportMarkdown
{
    public static string Render(ValidationReport report)
    {
        var md = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        md.AppendLine(ci, $"# Validation of {report.ModelUri}: {report.Verdict.ToString().ToUpperInvariant()}");
        md.AppendLine();
        md.AppendLine(ci, $"{report.CreatedAt:u} by {report.CreatedBy}");
        foreach (var failure in report.FailedChecks)
        {
            md.AppendLine(ci, $"- ✗ {failure}");
        }

        if (report.DataExpectations is { } data)
        {
            md.AppendLine().AppendLine(ci, $"## Data expectations: {data.Statistics.SuccessfulExpectations}/{data.Statistics.EvaluatedExpectations} passed ({data.RowCount} rows)");
            md.AppendLine().AppendLine("| expectation | column | result | observed |").AppendLine("|---|---|---|---|");
            foreach (var r in data.Results)
            {
                var column = r.Expectation is Expectations.ColumnExpectation c ? c.Column : "";
                var observed = r.UnexpectedPercent is { } p ? $"{p:0.##}% unexpected" : r.ObservedRowCount is { } n ? $"{n} rows" : r.Error ?? "";
                md.AppendLine(ci, $"| {r.Expectation.ExpectationType} | {column} | {(r.Success ? "pass" : "**fail**")} | {observed} |");
            }
        }

        if (report.Drift is { } drift)
        {
            md.AppendLine().AppendLine(ci, $"## Drift: {drift.DriftedColumns} of {drift.Columns.Count} columns drifted{(drift.DatasetDrift ? " — dataset drift" : "")}");
            md.AppendLine().AppendLine("| column | test | statistic | p-value | threshold | drifted |").AppendLine("|---|---|---|---|---|---|");
            foreach (var c in drift.Columns)
            {
                md.AppendLine(ci, $"| {c.Column} | {c.Test} | {c.Statistic:0.####} | {(c.PValue is { } pv ? pv.ToString("0.####", ci) : "")} | {c.Threshold:0.###} | {(c.Drifted ? "**yes**" : "no")} |");
            }
        }

        if (report.Evaluation is { } evaluation)
        {
            md.AppendLine().AppendLine(ci, $"## Evaluation gate: {(evaluation.Passed ? "passed" : "failed")}{(evaluation.Gate.BaselineAvailable ? " (vs champion)" : " (no champion)")}");
            md.AppendLine().AppendLine("| metric | candidate | champion | result |").AppendLine("|---|---|---|---|");
            foreach (var m in evaluation.Gate.Metrics)
            {
                md.AppendLine(ci, $"| {m.Metric} | {m.CandidateValue:0.####} | {m.BaselineValue:0.####} | {(m.Passed ? "pass" : "**fail**: " + string.Join("; ", m.Checks.Where(x => !x.Passed).Select(x => x.Message)))} |");
            }
        }

        if (report.Fairness is { } fairness)
        {
            md.AppendLine().AppendLine(ci, $"## Fairness by {string.Join(", ", fairness.Frame.SensitiveFeatureNames)}");
            md.AppendLine().AppendLine(ci, $"- demographic parity difference {fairness.DemographicParityDifference:0.####}, ratio {fairness.DemographicParityRatio:0.####}");
            md.AppendLine(ci, $"- equalized odds difference {fairness.EqualizedOddsDifference:0.####}, ratio {fairness.EqualizedOddsRatio:0.####}");
            md.AppendLine(ci, $"- four-fifths rule: {fairness.FourFifthsRule.Message}");
        }

        return md.ToString();
    }
}
