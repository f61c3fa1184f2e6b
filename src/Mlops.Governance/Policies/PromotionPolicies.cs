namespace Mlops.Governance;

/// <summary>Every registered promotion policy, and the combined demands of those that apply to one alias move.</summary>
internal sealed class PromotionPolicies(IEnumerable<PromotionPolicyRule> rules)
{
    private readonly PromotionPolicyRule[] _rules = rules.ToArray();

    public IReadOnlyList<PromotionPolicyRule> Rules => _rules;

    /// <summary>The policies for <paramref name="alias"/> of <paramref name="modelName"/> (all of them apply).</summary>
    public IReadOnlyList<PromotionPolicyRule> For(string modelName, string alias) =>
        _rules.Where(r => r.AppliesTo(modelName, alias)).ToArray();

    /// <summary>How many approvals a request for the alias needs before it is approved: the strictest policy's, at least 1.</summary>
    public int RequiredApprovals(string modelName, string alias) =>
        Math.Max(1, For(modelName, alias).Select(r => r.RequiredApprovals).DefaultIfEmpty(0).Max());
}
