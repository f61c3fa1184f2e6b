using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Journal;
using Mlops.Registry;
using Mlops.Storage;

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
                await CheckVerdictAsync(context, target, unmet, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// The verdict comes from the journal, not from the version's tags: anyone with Edit can set a tag, and tag changes
    /// are not journaled, but the last <c>model.version.validated</c> entry of the version is hash-chained. The version's
    /// report tag must also still name the report that entry recorded, so that required checks read that very report.
    /// </summary>
    private async Task CheckVerdictAsync(PromotionContext context, ModelVersion target, List<string> unmet, CancellationToken cancellationToken)
    {
        var journal = services.GetRequiredService<IJournalStore>();
        var subject = FormattableString.Invariant($"model/{context.ModelName}/{target.Version}");
        var validations = await journal.QueryJournalAsync(
            new JournalQuery { Subject = subject, Kinds = [JournalKinds.ModelVersionValidated], MaxResults = 100_000 }, cancellationToken).ConfigureAwait(false);
        var last = validations.LastOrDefault(e => e.Subject == subject);
        if (last is null)
        {
            unmet.Add($"Validation: version {target.Version} of '{context.ModelName}' has no validation report in the journal; alias '{context.Alias}' requires a PASSED verdict.");
            return;
        }

        using var payload = JsonDocument.Parse(last.Payload);
        var verdict = payload.RootElement.TryGetProperty("verdict", out var v) ? v.GetString() : null;
        var report = payload.RootElement.TryGetProperty("report", out var r) ? r.GetString() : null;
        if (!string.Equals(verdict, "PASSED", StringComparison.Ordinal))
        {
            unmet.Add($"Validation: version {target.Version} of '{context.ModelName}' has verdict {verdict} (journal entry {last.Sequence}); alias '{context.Alias}' requires PASSED.");
        }
        else if (!target.Tags.TryGetValue(Validation.ValidationTags.Report, out var tagged) || !string.Equals(tagged, report, StringComparison.Ordinal))
        {
            unmet.Add($"Validation: the report tag of version {target.Version} of '{context.ModelName}' ({Validation.ValidationTags.Report} = {tagged ?? "absent"}) is not the report "
                + $"journal entry {last.Sequence} recorded ({report}); validate the version again before moving alias '{context.Alias}'.");
        }
    }

    private async Task CheckApprovalsAsync(PromotionContext context, ModelVersion target, int required, List<string> unmet, CancellationToken cancellationToken)
    {
        var approved = (await requests.ListAsync(context.ModelName, cancellationToken).ConfigureAwait(false))
            .Select(s => s.Request)
            .Where(r => r.Status == PromotionRequestStatus.Approved
                && string.Equals(r.Alias, context.Alias, StringComparison.Ordinal)
                && r.Version == target.Version
                && string.Equals(r.VersionDigest, target.ArtifactDigest, StringComparison.Ordinal))
            .ToList();
        var approvers = approved.SelectMany(r => r.Approvals).Select(a => a.Approver).ToList();
        var authors = await VersionAuthors.GetAsync(services.GetRequiredService<IModelRegistry>(), target, cancellationToken).ConfigureAwait(false);
        var counted = PromotionApprovals.Count(approvers, authors);
        if (counted < required)
        {
            var ignoredAuthor = approvers.Any(a => authors.Contains(a, StringComparer.Ordinal)) ? " The author's own approval does not count." : string.Empty;
            var named = authors.Count == 1 ? $"its author '{authors.First()}'" : "its authors " + string.Join(", ", authors.Select(a => $"'{a}'")) + " (who registered it and who ran its training)";
            unmet.Add($"Approvals: version {target.Version} of '{context.ModelName}' has {counted} of {required} required approval(s) from actors other than {named}; "
                + $"approvals count only from an approved promotion request for alias '{context.Alias}' and exactly version {target.Version} (sha256 {target.ArtifactDigest[..12]}).{ignoredAuthor}");
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
