namespace Mlops.Validation;

/// <summary>The model-version tags the validator sets when it attaches a report.</summary>
public static class ValidationTags
{
    /// <summary>The SHA-256 of the latest attached report in the artifact store.</summary>
    public const string Report = "mlops.validation.report";

    /// <summary>PASSED or FAILED.</summary>
    public const string Verdict = "mlops.validation.verdict";

    /// <summary>The SHA-256 of the expectation suite stored with the version (used when a request names none).</summary>
    public const string ExpectationSuite = "mlops.validation.expectations";

    /// <summary>The SHA-256 of the reference profile (training-data summary) stored with the version.</summary>
    public const string ReferenceProfile = "mlops.validation.reference-profile";
}
