using Mlops.Journal;

namespace Mlops.Validation;

/// <summary>A validation report attached to a model version.</summary>
/// <param name="Report">The report.</param>
/// <param name="Digest">The SHA-256 of its JSON in the artifact store.</param>
/// <param name="JournalEntry">The <c>model.version.validated</c> entry linking it to the version.</param>
public sealed record StoredValidationReport(ValidationReport Report, string Digest, JournalEntry JournalEntry);
