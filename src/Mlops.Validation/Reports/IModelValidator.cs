namespace Mlops.Validation;

/// <summary>The validation gate: checks a candidate version and keeps the report with it. Registered by <c>AddValidation()</c>.</summary>
public interface IModelValidator
{
    /// <summary>Runs data expectations, drift, the evaluation gate (thresholds and champion, on the same data) and fairness, and returns the report. Nothing is stored.</summary>
    Task<ValidationReport> ValidateAsync(ValidationRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a report as an artifact, tags its version (<c>mlops.validation.report</c>, <c>mlops.validation.verdict</c>)
    /// and appends a <c>model.version.validated</c> journal entry with the digest and the verdict.
    /// </summary>
    Task<StoredValidationReport> AttachAsync(ValidationReport report, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a reference profile (the compact, mergeable summary of the training data) as an artifact with the version a
    /// URI names, tagged <c>mlops.validation.reference-profile</c>: computed once, used for drift offline and by serving online.
    /// </summary>
    Task<string> StoreReferenceProfileAsync(string modelUri, Profiles.DatasetProfile profile, CancellationToken cancellationToken = default);

    /// <summary>The reference profile stored with the version a URI names, or null.</summary>
    Task<Profiles.DatasetProfile?> GetReferenceProfileAsync(string modelUri, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores an expectation suite with the version a URI names (artifact + tag <c>mlops.validation.expectations</c>).
    /// <see cref="ValidateAsync"/> runs it when a request names no suite.
    /// </summary>
    Task<string> StoreExpectationSuiteAsync(string modelUri, Expectations.ExpectationSuite suite, CancellationToken cancellationToken = default);

    /// <summary>The expectation suite stored with the version a URI names, or null.</summary>
    Task<Expectations.ExpectationSuite?> GetExpectationSuiteAsync(string modelUri, CancellationToken cancellationToken = default);

    /// <summary>The latest report attached to the version a URI names, or null when it has none.</summary>
    Task<ValidationReport?> GetReportAsync(string modelUri, CancellationToken cancellationToken = default);
}
