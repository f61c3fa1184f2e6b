namespace Mlops.Validation.Expectations;

/// <summary>Counts over a suite run.</summary>
/// <param name="EvaluatedExpectations">How many expectations ran.</param>
/// <param name="SuccessfulExpectations">How many passed.</param>
/// <param name="UnsuccessfulExpectations">How many failed.</param>
/// <param name="SuccessPercent">Passed as a percentage of those run (100 for an empty suite).</param>
public sealed record ExpectationStatistics(int EvaluatedExpectations, int SuccessfulExpectations, int UnsuccessfulExpectations, double SuccessPercent);
