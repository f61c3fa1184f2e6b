namespace Mlops.Governance;

/// <summary>The latest attempt to move the alias of an approved promotion request.</summary>
/// <param name="At">When it was attempted.</param>
/// <param name="By">Who attempted it (the last approver, or whoever called <see cref="IPromotionWorkflow.ExecuteAsync"/>).</param>
/// <param name="Succeeded">Whether the alias moved.</param>
/// <param name="Error">Why it did not (the registry's refusal, such as the unmet policy requirements), or <see langword="null"/>.</param>
/// <param name="Attempts">How many attempts were made so far.</param>
public sealed record PromotionExecution(DateTimeOffset At, string By, bool Succeeded, string? Error, int Attempts);
