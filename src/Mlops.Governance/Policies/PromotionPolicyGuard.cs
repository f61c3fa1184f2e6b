using Microsoft.Extensions.DependencyInjection;
using Mlops.Registry;

namespace Mlops.Governance;

/// <summary>
/// Enforces the promotion policies inside the registry: every alias move (from the workflow or a direct
/// <see cref="IModelRegistry.SetAliasAsync"/>) is checked against every policy for that alias and model, and every unmet
/// requirement is reported. Deleting a guarded alias only needs the promoter restriction.
/// </summary>
/// <remarks>
/// The registry and the validator depend on the guards, so they are resolved when a move is evaluated, not injected.
/// </remarks>
internal sealed partial class PromotionPolicyGuard(
    PromotionPolicies policies,
    PromotionRequestStore requests,
    IRoleProvider roles,
    IServiceProvider services) : IPromotionGuard
{
    public async ValueTask<PromotionDecision> EvaluateAsync(PromotionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rules = policies.For(context.ModelName, context.Alias);
        if (rules.Count == 0)
        {
            return PromotionDecision.Allow;
        }

        var unmet = new List<string>();
        CheckPromoters(rules, context, unmet);
        if (context.Target is { } target)
        {
            if (rules.Any(r => r.RequirePassingValidation))
            {
                CheckVerdict(context, target, unmet);
            }

            var checks = rules.SelectMany(r => r.RequiredChecks).Distinct(StringComparer.Ordinal).ToList();
            if (checks.Count > 0)
            {
                await CheckReportAsync(context, target, checks, unmet, cancellationToken).ConfigureAwait(false);
            }

            var requiredApprovals = rules.Max(r => r.RequiredApprovals);
            if (requiredApprovals > 0)
            {
                await CheckApprovalsAsync(context, target, requiredApprovals, unmet, cancellationToken).ConfigureAwait(false);
            }

            if (rules.Any(r => r.RequireCompatibleSignature) && context.CurrentVersion is { } current && current != target.Version)
            {
                await CheckSignatureAsync(context, target, current, unmet, cancellationToken).ConfigureAwait(false);
            }
        }

        return unmet.Count == 0 ? PromotionDecision.Allow : new PromotionDecision(unmet);
    }

    private void CheckPromoters(IReadOnlyList<PromotionPolicyRule> rules, PromotionContext context, List<string> unmet)
    {
        var restricted = rules.Where(r => r.AllowedPromoters.Count > 0).ToList();
        if (restricted.Count == 0)
        {
            return;
        }

        var actorRoles = roles.GetRoles(context.Actor);
        foreach (var rule in restricted)
        {
            if (!rule.AllowedPromoters.Any(p => Principals.Matches(p, context.Actor, actorRoles)))
            {
                var verb = context.Target is null ? "delete" : "move";
                unmet.Add($"Promoter: '{context.Actor}' may not {verb} alias '{context.Alias}' of '{context.ModelName}'; the policy allows only {string.Join(", ", rule.AllowedPromoters)}.");
            }
        }
    }

    private static void CheckVerdict(PromotionContext context, ModelVersion target, List<string> unmet)
    {
        if (!target.Tags.TryGetValue(Validation.ValidationTags.Verdict, out var verdict))
        {
            unmet.Add($"Validation: version {target.Version} of '{context.ModelName}' has no validation report; alias '{context.Alias}' requires a PASSED verdict ({Validation.ValidationTags.Verdict}).");
        }
        else if (!string.Equals(verdict, "PASSED", StringComparison.Ordinal))
        {
            unmet.Add($"Validation: version {target.Version} of '{context.ModelName}' has verdict {verdict} ({Validation.ValidationTags.Verdict}); alias '{context.Alias}' requires PASSED.");
        }
    }

    private async Task CheckApprovalsAsync(PromotionContext context, ModelVersion target, int required, List<string> unmet, CancellationToken cancellationToken)
    {
        var approved = (await requests.ListAsync(context.ModelName, cancellationToken).ConfigureAwait(false))
            .Select(s => s.Request)
            .Where(r => r.Status == PromotionRequestStatus.Approved
                && string.Equals(r.Alias, context.Alias, StringComparison.Ordinal)
                && r.Version == target.Version)
            .ToList();
        var approvers = approved.SelectMany(r => r.Approvals).Select(a => a.Approver).ToList();
        var counted = PromotionApprovals.Count(approvers, target.CreatedBy);
        if (counted < required)
        {
            var ignoredAuthor = approvers.Contains(target.CreatedBy, StringComparer.Ordinal) ? $" The author's own approval does not count." : string.Empty;
            unmet.Add($"Approvals: version {target.Version} of '{context.ModelName}' has {counted} of {required} required approval(s) from actors other than its author '{target.CreatedBy}'; "
                + $"approvals count only from an approved promotion request for alias '{context.Alias}' and exactly version {target.Version}.{ignoredAuthor}");
        }
    }

    private async Task CheckSignatureAsync(PromotionContext context, ModelVersion target, int current, List<string> unmet, CancellationToken cancellationToken)
    {
        var registry = services.GetRequiredService<IModelRegistry>();
        try
        {
            var comparison = await registry.CompareSignaturesAsync(
                ModelUri.ForVersion(context.ModelName, current).ToString(), target.Uri, cancellationToken).ConfigureAwait(false);
            if (comparison.Compatibility == SignatureCompatibility.Breaking)
            {
                unmet.Add($"Signature: version {target.Version} of '{context.ModelName}' breaks the signature of version {current}, which alias '{context.Alias}' points at ({string.Join(" ", comparison.Reasons)}); the policy requires a compatible signature.");
            }
        }
        catch (MlopsValidationException e)
        {
            unmet.Add($"Signature: version {target.Version} of '{context.ModelName}' cannot be compared with version {current}, which alias '{context.Alias}' points at ({e.Rule}); the policy requires a compatible signature.");
        }
    }
}
