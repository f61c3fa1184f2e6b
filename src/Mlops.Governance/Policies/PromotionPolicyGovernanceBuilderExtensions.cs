using Microsoft.Extensions.Configuration;
using Mlops;
using Mlops.Governance;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds promotion policies: what an alias demands before it may point at a version.</summary>
public static class PromotionPolicyGovernanceBuilderExtensions
{
    /// <summary>
    /// Adds a policy for <paramref name="alias"/> (all policies that apply to a move must be met). Validated here:
    /// <see cref="MlopsValidationException"/> names the offending field.
    /// </summary>
    public static GovernanceBuilder AddPromotionPolicy(this GovernanceBuilder builder, string alias, Action<PromotionPolicy> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(alias);
        ArgumentNullException.ThrowIfNull(configure);
        var policy = new PromotionPolicy();
        configure(policy);
        builder.Services.AddSingleton(PromotionPolicyRule.From(alias, policy));
        return builder;
    }

    /// <summary>
    /// Adds one policy per child of <paramref name="section"/>, keyed by alias, such as
    /// <c>{"production": {"Models": ["penguins"], "RequirePassingValidation": true, "RequiredApprovals": 1, "AllowedPromoters": ["role:ml-leads"]}}</c>.
    /// Every policy is validated before any is added; an unknown setting or a bad value is a <see cref="MlopsValidationException"/>.
    /// </summary>
    public static GovernanceBuilder AddPromotionPolicies(this GovernanceBuilder builder, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        var rules = new List<PromotionPolicyRule>();
        foreach (var child in section.GetChildren())
        {
            var policy = new PromotionPolicy();
            try
            {
                child.Bind(policy, o => o.ErrorOnUnknownConfiguration = true);
            }
            catch (InvalidOperationException e)
            {
                throw new MlopsValidationException(child.Path, child.Value, "the promotion policy cannot be read from configuration: " + e.Message);
            }

            rules.Add(PromotionPolicyRule.From(child.Key, policy));
        }

        foreach (var rule in rules)
        {
            builder.Services.AddSingleton(rule);
        }

        return builder;
    }
}
