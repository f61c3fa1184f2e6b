namespace Mlops.Governance;

/// <summary>The drift of one column of the evaluation data against the reference data.</summary>
/// <param name="Column">The column.</param>
/// <param name="Test">The test or distance used.</param>
/// <param name="Statistic">Its statistic or distance.</param>
/// <param name="PValue">Its p-value, for hypothesis tests.</param>
/// <param name="Threshold">The threshold applied.</param>
/// <param name="Drifted">Whether the column drifted.</param>
public sealed record ModelCardDriftColumn(string Column, string Test, double Statistic, double? PValue, double Threshold, bool Drifted);
