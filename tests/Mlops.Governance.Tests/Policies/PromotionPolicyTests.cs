using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Journal;
using Mlops.Registry;
using Mlops.Validation;
using static Mlops.Governance.Tests.Policies.PolicyTestSupport;

namespace Mlops.Governance.Tests.Policies;

/// <summary>Each requirement of a promotion policy, unmet and met, enforced inside the registry.</summary>
public sealed class PromotionPolicyTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task SetAsync(IServiceProvider provider, string alias, int version) =>
        provider.GetRequiredService<IModelRegistry>().SetAliasAsync(Model, alias, version, "test", Ct);

    private static async Task<MlopsPolicyDeniedException> DeniedAsync(IServiceProvider provider, string alias, int version) =>
        (await FluentActions.Awaiting(() => SetAsync(provider, alias, version)).Should().ThrowAsync<MlopsPolicyDeniedException>()).Which;

    [Fact]
    public async Task PassingValidation_is_unmet_without_a_report_and_met_with_a_passed_one()
    {
        await using var h = new GovernanceHarness(models, g => g.AddPromotionPolicy("production", p => p.RequirePassingValidation = true));
        var alice = h.As("alice");
        var v1 = await h.RegisterAsync("alice");

        var denied = await DeniedAsync(alice, "production", v1.Version);
        denied.UnmetRequirements.Should().ContainSingle().Which.Should().Contain("no validation report").And.Contain("PASSED");
        (await AliasTargetAsync(alice, "production")).Should().BeNull();

        await AttachReportAsync(alice, models, v1);
        await SetAsync(alice, "production", v1.Version);
        (await AliasTargetAsync(alice, "production")).Should().Be(v1.Version);
    }

    [Fact]
    public async Task A_verdict_tag_set_by_hand_does_not_count_only_the_journaled_validation_does()
    {
        await using var h = new GovernanceHarness(models, g => g.AddPromotionPolicy("production", p => p.RequirePassingValidation = true));
        var alice = h.As("alice");
        var registry = alice.GetRequiredService<IModelRegistry>();
        var v1 = await h.RegisterAsync("alice");
        await registry.SetVersionTagAsync(Model, v1.Version, ValidationTags.Verdict, "PASSED", Ct);

        var forged = await DeniedAsync(alice, "production", v1.Version);
        forged.UnmetRequirements.Should().ContainSingle().Which.Should().Contain("no validation report in the journal");

        // A failed validation, then the tags pointed at a passing-looking verdict and another report: still refused.
        await AttachReportAsync(alice, models, v1, threshold: 1.01);
        await registry.SetVersionTagAsync(Model, v1.Version, ValidationTags.Verdict, "PASSED", Ct);
        (await DeniedAsync(alice, "production", v1.Version)).UnmetRequirements.Should().ContainSingle().Which.Should().Contain("verdict FAILED");

        await AttachReportAsync(alice, models, v1);
        await registry.SetVersionTagAsync(Model, v1.Version, ValidationTags.Report, new string('0', 64), Ct);
        (await DeniedAsync(alice, "production", v1.Version)).UnmetRequirements.Should().ContainSingle().Which.Should().Contain("validate the version again");
    }

    [Fact]
    public async Task PassingValidation_is_unmet_when_the_verdict_is_failed()
    {
        await using var h = new GovernanceHarness(models, g => g.AddPromotionPolicy("production", p => p.RequirePassingValidation = true));
        var alice = h.As("alice");
        var v1 = await h.RegisterAsync("alice");
        await AttachReportAsync(alice, models, v1, threshold: 1.01);

        var denied = await DeniedAsync(alice, "production", v1.Version);
        denied.UnmetRequirements.Should().ContainSingle().Which.Should().Contain("verdict FAILED").And.Contain("requires PASSED");
    }

    [Fact]
    public async Task RequiredChecks_name_the_part_that_did_not_run_or_failed()
    {
        await using var h = new GovernanceHarness(models, g => g.AddPromotionPolicy("production", p =>
        {
            p.RequiredChecks.Add(ValidationCheckNames.Evaluation);
            p.RequiredChecks.Add(ValidationCheckNames.EvaluationMetric("macro_accuracy"));
            p.RequiredChecks.Add(ValidationCheckNames.Drift);
        }));
        var alice = h.As("alice");
        var v1 = await h.RegisterAsync("alice");

        (await DeniedAsync(alice, "production", v1.Version)).UnmetRequirements.Should().ContainSingle()
            .Which.Should().Contain("no validation report").And.Contain("evaluation, evaluation:macro_accuracy, drift");

        await AttachReportAsync(alice, models, v1, threshold: 1.01);
        (await DeniedAsync(alice, "production", v1.Version)).UnmetRequirements.Should().BeEquivalentTo(
            [
                "Validation check 'evaluation' failed (evaluation: macro_accuracy) on version 1 of 'penguins'; alias 'production' requires it to pass.",
                "Validation check 'evaluation:macro_accuracy' failed (value " + ValueOf(await ReportAsync(alice, v1)) + ", threshold 1.01) on version 1 of 'penguins'; alias 'production' requires it to pass.",
                "Validation check 'drift' did not run on version 1 of 'penguins'; alias 'production' requires it to pass.",
            ]);

        // Evaluation passing is not enough while drift never ran: the unmet list is exactly the missing part.
        await AttachReportAsync(alice, models, v1, threshold: 0.5);
        (await DeniedAsync(alice, "production", v1.Version)).UnmetRequirements.Should().ContainSingle().Which.Should().StartWith("Validation check 'drift' did not run");
    }

    [Fact]
    public async Task RequiredChecks_are_met_when_the_named_parts_passed()
    {
        await using var h = new GovernanceHarness(models, g => g.AddPromotionPolicy("production", p => p.RequiredChecks.Add("evaluation:macro_accuracy")));
        var alice = h.As("alice");
        var v1 = await h.RegisterAsync("alice");
        await AttachReportAsync(alice, models, v1, threshold: 0.5);

        await SetAsync(alice, "production", v1.Version);
        (await AliasTargetAsync(alice, "production")).Should().Be(v1.Version);
    }

    [Fact]
    public async Task CompatibleSignature_passes_without_a_current_target_and_for_a_compatible_version_but_not_a_breaking_one()
    {
        await using var h = new GovernanceHarness(models, g => g.AddPromotionPolicy("production", p => p.RequireCompatibleSignature = true));
        var alice = h.As("alice");
        var v1 = await h.RegisterAsync("alice");
        await SetAsync(alice, "production", v1.Version);

        var breaking = await RegisterBreakingAsync(alice, models);
        var denied = await DeniedAsync(alice, "production", breaking.Version);
        denied.UnmetRequirements.Should().ContainSingle().Which.Should()
            .Contain($"version {breaking.Version} of 'penguins' breaks the signature of version 1").And.Contain("output 'Score' is gone");

        var compatible = await h.RegisterAsync("alice", zip: models.BeakOnlyZip);
        await SetAsync(alice, "production", compatible.Version);
        (await AliasTargetAsync(alice, "production")).Should().Be(compatible.Version);
    }

    [Fact]
    public async Task AllowedPromoters_admit_listed_actors_and_role_members_only()
    {
        await using var h = new GovernanceHarness(models, g => g
            .AddRole("ml-leads", "bob")
            .AddPromotionPolicy("production", p => { p.AllowedPromoters.Add("alice"); p.AllowedPromoters.Add("role:ml-leads"); }));
        var v1 = await h.RegisterAsync("alice");

        var denied = await DeniedAsync(h.As("mallory"), "production", v1.Version);
        denied.UnmetRequirements.Should().Equal("Promoter: 'mallory' may not move alias 'production' of 'penguins'; the policy allows only alice, role:ml-leads.");

        await SetAsync(h.As("alice"), "production", v1.Version);
        await SetAsync(h.As("bob"), "production", v1.Version);
        (await AliasTargetAsync(h.As("bob"), "production")).Should().Be(v1.Version);
    }

    [Fact]
    public async Task Deleting_a_guarded_alias_needs_only_the_promoter_restriction()
    {
        await using var h = new GovernanceHarness(models, g => g.AddPromotionPolicy("production", p =>
        {
            p.RequirePassingValidation = true;
            p.RequiredApprovals = 2;
            p.AllowedPromoters.Add("bob");
        }));
        var v1 = await h.RegisterAsync("alice");
        await SetAsync(h.As("setup", governance: _ => { }), "production", v1.Version);

        var denied = await FluentActions.Awaiting(() => h.As("mallory").GetRequiredService<IModelRegistry>().DeleteAliasAsync(Model, "production", null, Ct))
            .Should().ThrowAsync<MlopsPolicyDeniedException>();
        denied.Which.UnmetRequirements.Should().Equal("Promoter: 'mallory' may not delete alias 'production' of 'penguins'; the policy allows only bob.");

        await h.As("bob").GetRequiredService<IModelRegistry>().DeleteAliasAsync(Model, "production", "retired", Ct);
        (await AliasTargetAsync(h.As("bob"), "production")).Should().BeNull();
    }

    [Fact]
    public async Task Every_unmet_requirement_is_listed_at_once_and_the_denial_is_journaled()
    {
        await using var h = new GovernanceHarness(models, g => g.AddPromotionPolicy("production", p =>
        {
            p.RequirePassingValidation = true;
            p.RequiredChecks.Add("evaluation");
            p.RequiredApprovals = 1;
            p.RequireCompatibleSignature = true;
            p.AllowedPromoters.Add("alice");
        }));
        var v1 = await h.RegisterAsync("alice");
        await SetAsync(h.As("setup", governance: _ => { }), "production", v1.Version);
        var mallory = h.As("mallory");
        var breaking = await RegisterBreakingAsync(h.As("alice"), models);

        // Calling the registry directly: the guard is inside it, so nothing bypasses the policy.
        var denied = await DeniedAsync(mallory, "production", breaking.Version);
        denied.UnmetRequirements.Should().HaveCount(5);
        denied.UnmetRequirements.Select(u => u[..u.IndexOf(':', StringComparison.Ordinal)])
            .Should().Equal("Promoter", "Validation", "Validation checks", "Approvals", "Signature");
        denied.Message.Should().Contain("Moving alias 'production' of 'penguins' from version 1 to version 2 was denied");
        (await AliasTargetAsync(mallory, "production")).Should().Be(1);

        var entry = (await h.JournalAsync()).Last(e => e.Kind == JournalKinds.ModelAliasDenied);
        entry.Actor.Should().Be("mallory");
        Payload(entry, "unmet").Split('\n').Should().Equal(denied.UnmetRequirements);
        Payload(entry, "targetVersion").Should().Be("2");
    }

    [Fact]
    public async Task A_policy_limited_to_other_models_does_not_guard_this_one()
    {
        await using var h = new GovernanceHarness(models, g => g
            .AddPromotionPolicy("production", p => { p.Models.Add("cars"); p.RequiredApprovals = 1; })
            .AddPromotionPolicy("staging", p => { p.Models.Add(Model); p.RequiredApprovals = 1; }));
        var alice = h.As("alice");
        var v1 = await h.RegisterAsync("alice");

        await SetAsync(alice, "production", v1.Version);
        (await AliasTargetAsync(alice, "production")).Should().Be(v1.Version);
        (await DeniedAsync(alice, "staging", v1.Version)).UnmetRequirements.Should().ContainSingle().Which.Should().StartWith("Approvals: version 1 of 'penguins' has 0 of 1");

        // An unguarded alias stays free.
        await SetAsync(alice, "canary", v1.Version);
    }

    private static async Task<Validation.ValidationReport> ReportAsync(IServiceProvider provider, ModelVersion version) =>
        (await provider.GetRequiredService<Validation.IModelValidator>().GetReportAsync(version.Uri, Ct))!;

    private static string ValueOf(Validation.ValidationReport report) =>
        report.Evaluation!.Gate.Metrics.Single(m => m.Metric == "macro_accuracy").CandidateValue!.Value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
}
