namespace Mlops.Registry;

/// <summary>
/// Decides whether an alias may move. The registry runs every registered guard before it moves an alias (set, move or
/// delete); with none registered every move is allowed. Governance registers its policies as guards, so calling the
/// registry directly cannot bypass them.
/// </summary>
public interface IPromotionGuard
{
    /// <summary>Evaluates a proposed alias move. Return every unmet requirement, not just the first.</summary>
    ValueTask<PromotionDecision> EvaluateAsync(PromotionContext context, CancellationToken cancellationToken = default);
}

/// <summary>A proposed alias move.</summary>
/// <param name="ModelName">The model.</param>
/// <param name="Alias">The alias.</param>
/// <param name="CurrentVersion">The version the alias points to now, or <see langword="null"/> when unset.</param>
/// <param name="Target">The version it would point to, or <see langword="null"/> when the alias is being deleted.</param>
/// <param name="Actor">Who asks.</param>
/// <param name="Reason">The reason given, if any.</param>
public sealed record PromotionContext(string ModelName, string Alias, int? CurrentVersion, ModelVersion? Target, string Actor, string? Reason);

/// <summary>A guard's verdict.</summary>
/// <param name="UnmetRequirements">What is missing; empty means allowed.</param>
public sealed record PromotionDecision(IReadOnlyList<string> UnmetRequirements)
{
    /// <summary>An allowing decision.</summary>
    public static PromotionDecision Allow { get; } = new([]);

    /// <summary>Whether the move is allowed.</summary>
    public bool IsAllowed => UnmetRequirements.Count == 0;

    /// <summary>A denying decision listing what is unmet.</summary>
    public static PromotionDecision Deny(params string[] unmetRequirements) => new(unmetRequirements);
}
