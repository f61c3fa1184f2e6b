using System.Globalization;
using Mlops.Registry;

namespace Mlops.Governance;

/// <summary>
/// A validated, immutable copy of a <see cref="PromotionPolicy"/> for one alias, taken at registration so that later
/// changes to the options object cannot weaken a policy in force.
/// </summary>
internal sealed record PromotionPolicyRule(
    string Alias,
    IReadOnlyList<string> Models,
    bool RequirePassingValidation,
    IReadOnlyList<string> RequiredChecks,
    int RequiredApprovals,
    bool RequireCompatibleSignature,
    IReadOnlyList<string> AllowedPromoters)
{
    public const int MaxRequiredApprovals = 100;

    public bool AppliesTo(string modelName, string alias) =>
        string.Equals(Alias, alias, StringComparison.Ordinal) && (Models.Count == 0 || Models.Contains(modelName, StringComparer.Ordinal));

    /// <summary>Validates <paramref name="policy"/> for <paramref name="alias"/> and copies it; <see cref="MlopsValidationException"/> names the field.</summary>
    public static PromotionPolicyRule From(string alias, PromotionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!ModelNames.IsValidAliasSyntax(alias) || ModelNames.IsReservedAlias(alias))
        {
            throw new MlopsValidationException("alias", alias,
                $"a promotion policy guards a settable alias: 1–{ModelNames.MaxAliasLength} letters, digits, '_' or '-', and not 'latest' or 'v<N>'.");
        }

        foreach (var model in policy.Models)
        {
            if (!ModelNames.IsValidModelName(model))
            {
                throw new MlopsValidationException(nameof(PromotionPolicy.Models), model,
                    $"promotion policy '{alias}' names models by their registered name (letters, digits, '_', '-', '.' and spaces).");
            }
        }

        foreach (var check in policy.RequiredChecks)
        {
            if (!ValidationCheckNames.IsValid(check))
            {
                throw new MlopsValidationException(nameof(PromotionPolicy.RequiredChecks), check,
                    $"promotion policy '{alias}' may require the checks 'data', 'drift', 'evaluation', 'fairness' or 'evaluation:METRIC'.");
            }
        }

        if (policy.RequiredApprovals is < 0 or > MaxRequiredApprovals)
        {
            throw new MlopsValidationException(nameof(PromotionPolicy.RequiredApprovals), policy.RequiredApprovals.ToString(CultureInfo.InvariantCulture),
                $"promotion policy '{alias}' requires between 0 and {MaxRequiredApprovals} approvals.");
        }

        foreach (var principal in policy.AllowedPromoters)
        {
            if (string.IsNullOrWhiteSpace(principal) || principal.Trim() != principal
                || (principal.StartsWith(Principals.RolePrefix, StringComparison.Ordinal) && string.IsNullOrWhiteSpace(principal[Principals.RolePrefix.Length..])))
            {
                throw new MlopsValidationException(nameof(PromotionPolicy.AllowedPromoters), principal,
                    $"promotion policy '{alias}' lists promoters as an actor name, 'role:NAME' or '*', without surrounding spaces.");
            }
        }

        return new PromotionPolicyRule(
            alias,
            policy.Models.Distinct(StringComparer.Ordinal).ToArray(),
            policy.RequirePassingValidation,
            policy.RequiredChecks.Distinct(StringComparer.Ordinal).ToArray(),
            policy.RequiredApprovals,
            policy.RequireCompatibleSignature,
            policy.AllowedPromoters.Distinct(StringComparer.Ordinal).ToArray());
    }
}
