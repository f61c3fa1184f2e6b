namespace Mlops.Validation.Fairness;

/// <summary>How a disparity is aggregated over groups, as Fairlearn's <c>method</c> argument.</summary>
public enum FairnessMethod
{
    /// <summary>
    /// Fairlearn's <c>between_groups</c>: difference = max − min over groups; ratio = min / max over groups.
    /// </summary>
    BetweenGroups,

    /// <summary>
    /// Fairlearn's <c>to_overall</c>: difference = max over groups of |group − overall|; ratio = min over groups of
    /// min(group / overall, overall / group).
    /// </summary>
    ToOverall,
}
