namespace Mlops.Validation;

/// <summary>The overall outcome of a validation report.</summary>
public enum ValidationVerdict
{
    /// <summary>Every check that ran passed.</summary>
    Passed = 0,

    /// <summary>At least one check failed; <see cref="ValidationReport.FailedChecks"/> says which.</summary>
    Failed = 1,
}
