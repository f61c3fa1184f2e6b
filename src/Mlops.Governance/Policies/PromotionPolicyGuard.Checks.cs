using Microsoft.Extensions.DependencyInjection;
using Mlops.Registry;
using Mlops.Validation;

namespace Mlops.Governance;

internal sealed partial class PromotionPolicyGuard
{
    private async Task CheckReportAsync(PromotionContext context, ModelVersion target, IReadOnlyList<string> checks, List<string> unmet, CancellationToken cancellationToken)
    {
        var validator = services.GetService<IModelValidator>();
        ValidationReport? report;
        if (validator is null)
        {
            unmet.Add($"Validation checks: alias '{context.Alias}' requires the checks {string.Join(", ", checks)}, but validation is not added (AddValidation), so no report can be read.");
            return;
        }

        try
        {
            report = await validator.GetReportAsync(target.Uri, cancellationToken).ConfigureAwait(false);
        }
        catch (MlopsException e)
        {
            unmet.Add($"Validation checks: the validation report of version {target.Version} of '{context.ModelName}' cannot be read ({e.Message}); alias '{context.Alias}' requires the checks {string.Join(", ", checks)}.");
            return;
        }

        if (report is null)
        {
            unmet.Add($"Validation checks: version {target.Version} of '{context.ModelName}' has no validation report; alias '{context.Alias}' requires the checks {string.Join(", ", checks)} to pass.");
            return;
        }

        foreach (var check in checks)
        {
            if (Problem(report, check) is { } problem)
            {
                unmet.Add($"Validation check '{check}' {problem} on version {target.Version} of '{context.ModelName}'; alias '{context.Alias}' requires it to pass.");
            }
        }
    }

    /// <summary>What is wrong with one required check, or <see langword="null"/> when it ran and passed.</summary>
    private static string? Problem(ValidationReport report, string check)
    {
        switch (check)
        {
            case ValidationCheckNames.Data:
                return report.DataExpectations is null ? "did not run"
                    : report.DataExpectations.Success ? null : "failed (" + Failed(report, "data:") + ")";
            case ValidationCheckNames.Drift:
                return report.Drift is null ? "did not run"
                    : !report.Drift.DatasetDrift ? null : "failed (" + Failed(report, "drift:") + ")";
            case ValidationCheckNames.Evaluation:
                return report.Evaluation is null ? "did not run"
                    : report.Evaluation.Passed ? null : "failed (" + Failed(report, "evaluation:") + ")";
            case ValidationCheckNames.Fairness:
                return report.Fairness is null ? "did not run"
                    : report.Fairness.FourFifthsRule.Passed ? null : "failed (" + report.Fairness.FourFifthsRule.Message + ")";
            default:
                var metric = check[ValidationCheckNames.EvaluationMetricPrefix.Length..];
                if (report.Evaluation is null)
                {
                    return "did not run (no evaluation gate)";
                }

                var result = report.Evaluation.Gate.Metrics.FirstOrDefault(m => string.Equals(m.Metric, metric, StringComparison.Ordinal));
                return result is null ? "did not run (the metric was not gated)"
                    : result.Passed ? null : $"failed (value {Format(result.CandidateValue)}, threshold {Format(result.Threshold.Threshold)})";
        }
    }

    private static string Failed(ValidationReport report, string prefix)
    {
        var failed = report.FailedChecks.Where(f => f.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        return failed.Count == 0 ? "see the report" : string.Join("; ", failed);
    }

    private static string Format(double? value) =>
        value is { } v ? v.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) : "none";
}
