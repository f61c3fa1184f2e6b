namespace Mlops.Validation.Expectations;

/// <summary>One row that failed an expectation.</summary>
/// <param name="RowIndex">The zero-based row index in the data.</param>
/// <param name="Value">The value as invariant text (numbers in round-trip form), or <see langword="null"/> when missing.</param>
public sealed record UnexpectedExample(long RowIndex, string? Value);
