using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Journal;
using Mlops.Registry;
using static Mlops.Governance.Tests.Policies.PolicyTestSupport;

namespace Mlops.Governance.Tests.Approvals;

/// <summary>The approval workflow with real actors on one store: request, separation of duties, approval, execution, rejection.</summary>
public sealed class PromotionWorkflowTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IPromotionWorkflow Workflow(IServiceProvider provider) => provider.GetRequiredService<IPromotionWorkflow>();

    private static Action<GovernanceBuilder> Production(int approvals = 1, bool validation = true) =>
        g => g.AddPromotionPolicy("production", p => { p.RequiredApprovals = approvals; p.RequirePassingValidation = validation; });

    [Fact]
    public async Task Request_then_denied_promotion_then_approval_by_a_second_actor_promotes()
    {
        await using var h = new GovernanceHarness(models, Production());
        var alice = h.As("alice");
        var bob = h.As("bob");
        var v1 = await h.RegisterAsync("alice");
        await AttachReportAsync(alice, models, v1);

        var request = await Workflow(alice).RequestAsync(Model, "production", v1.Version, "ready for prod", Ct);
        request.Status.Should().Be(PromotionRequestStatus.Pending);
        request.RequestedBy.Should().Be("alice");
        request.RequiredApprovals.Should().Be(1);

        // The author tries to promote without an approval: the registry's guard refuses.
        var denied = await FluentActions.Awaiting(() => alice.GetRequiredService<IModelRegistry>().SetAliasAsync(Model, "production", v1.Version, null, Ct))
            .Should().ThrowAsync<MlopsPolicyDeniedException>();
        denied.Which.UnmetRequirements.Should().ContainSingle().Which.Should().Contain("0 of 1 required approval(s) from actors other than its author 'alice'");

        var approved = await Workflow(bob).ApproveAsync(request.Id, "looks good", Ct);
        approved.Status.Should().Be(PromotionRequestStatus.Approved);
        approved.Approvals.Should().ContainSingle().Which.Approver.Should().Be("bob");
        approved.ResolvedBy.Should().Be("bob");
        approved.Execution.Should().NotBeNull();
        approved.Execution!.Succeeded.Should().BeTrue();
        approved.Execution.By.Should().Be("bob");
        (await AliasTargetAsync(alice, "production")).Should().Be(v1.Version);
        (await Workflow(alice).GetAsync(request.Id, Ct)).Should().BeEquivalentTo(approved);

        var journal = await h.JournalAsync();
        var promotion = journal.Where(e => e.Kind.StartsWith("promotion.", StringComparison.Ordinal)).ToList();
        promotion.Select(e => e.Kind).Should().Equal(JournalKinds.PromotionRequested, JournalKinds.PromotionApproved, JournalKinds.PromotionExecuted);
        promotion.Should().OnlyContain(e => e.Subject == "model/penguins/1" && Payload(e, "requestId") == request.Id && Payload(e, "alias") == "production" && Payload(e, "version") == "1");
        promotion.Select(e => Payload(e, "status")).Should().Equal("pending", "approved", "approved");
        promotion.Select(e => e.Actor).Should().Equal("alice", "bob", "bob");
        Payload(promotion[0], "comment").Should().Be("ready for prod");
        Payload(promotion[1], "comment").Should().Be("looks good");
        Payload(promotion[2], "outcome").Should().Be("succeeded");
        var moved = journal.Single(e => e.Kind == JournalKinds.ModelAliasSet);
        moved.Actor.Should().Be("bob");
        Payload(moved, "reason").Should().Contain(request.Id).And.Contain("approved by bob");
    }

    [Fact]
    public async Task The_author_cannot_approve_and_the_refusal_is_journaled()
    {
        await using var h = new GovernanceHarness(models, Production());
        var alice = h.As("alice");
        var v1 = await h.RegisterAsync("alice");

        // Even when someone else asked, the version's author may not approve.
        var request = await Workflow(h.As("carol")).RequestAsync(Model, "production", v1.Version, null, Ct);
        var refused = await FluentActions.Awaiting(() => Workflow(alice).ApproveAsync(request.Id, "trust me", Ct))
            .Should().ThrowAsync<MlopsPolicyDeniedException>();
        refused.Which.UnmetRequirements.Should().ContainSingle().Which.Should().Contain("'alice' is the author of version 1 of 'penguins' and cannot approve");

        (await Workflow(alice).GetAsync(request.Id, Ct)).Should().Match<PromotionRequest>(r => r.Status == PromotionRequestStatus.Pending && r.Approvals.Count == 0);
        var entry = (await h.JournalAsync()).Single(e => e.Kind == "promotion.approval.denied");
        entry.Actor.Should().Be("alice");
        entry.Subject.Should().Be("model/penguins/1");
        Payload(entry, "requestId").Should().Be(request.Id);
        Payload(entry, "reason").Should().Contain("separation of duties");
    }

    [Fact]
    public async Task Who_ran_the_training_cannot_approve_a_version_someone_else_registered()
    {
        await using var h = new GovernanceHarness(models, Production(approvals: 1, validation: false));
        var alice = h.As("alice");
        var bob = h.As("bob");

        // Alice trains (her run), Bob registers the model from it: both are authors of the version.
        string runId;
        await using (var run = await alice.GetRequiredService<Mlops.Tracking.IExperimentTracker>().StartRunAsync("penguins", cancellationToken: Ct))
        {
            runId = run.RunId;
        }

        var v1 = await bob.GetRequiredService<IModelRegistry>().RegisterVersionFromStreamAsync(
            Model, new MemoryStream(models.PenguinsZip), ModelFlavorNames.MlNet, new RegisterVersionOptions { RunId = runId }.WithTypes<Penguin, SpeciesPrediction>(), Ct);
        var request = await Workflow(bob).RequestAsync(Model, "production", v1.Version, null, Ct);

        var trainer = await FluentActions.Awaiting(() => Workflow(alice).ApproveAsync(request.Id, null, Ct)).Should().ThrowAsync<MlopsPolicyDeniedException>();
        trainer.Which.UnmetRequirements.Should().ContainSingle().Which.Should().Contain("'alice' is who ran the training of version 1");
        await FluentActions.Awaiting(() => Workflow(bob).ApproveAsync(request.Id, null, Ct)).Should().ThrowAsync<MlopsPolicyDeniedException>();

        var approved = await Workflow(h.As("carol")).ApproveAsync(request.Id, null, Ct);
        approved.Status.Should().Be(PromotionRequestStatus.Approved);
        (await AliasTargetAsync(alice, "production")).Should().Be(v1.Version);
    }

    [Fact]
    public async Task Approvals_do_not_follow_a_name_to_another_model_with_the_same_version_number()
    {
        await using var h = new GovernanceHarness(models, Production(approvals: 1, validation: false));
        var alice = h.As("alice");
        var registry = alice.GetRequiredService<IModelRegistry>();
        var v1 = await h.RegisterAsync("alice");
        var request = await Workflow(alice).RequestAsync(Model, "production", v1.Version, null, Ct);
        await Workflow(h.As("bob")).ApproveAsync(request.Id, null, Ct);
        await registry.DeleteAliasAsync(Model, "production", cancellationToken: Ct);

        // The approved model moves out of the name; another model (other bytes, same version number) moves in.
        await registry.RenameModelAsync(Model, "penguins-old", Ct);
        await h.RegisterAsync("alice", "impostor", models.BeakOnlyZip);
        await registry.RenameModelAsync("impostor", Model, Ct);

        var denied = await FluentActions.Awaiting(() => registry.SetAliasAsync(Model, "production", 1, null, Ct)).Should().ThrowAsync<MlopsPolicyDeniedException>();
        denied.Which.UnmetRequirements.Should().ContainSingle().Which.Should().Contain("0 of 1 required approval(s)");
    }

    [Fact]
    public async Task A_forced_approval_by_the_author_or_a_repeated_approver_does_not_count()
    {
        await using var h = new GovernanceHarness(models, Production(approvals: 2, validation: false));
        var alice = h.As("alice");
        var v1 = await h.RegisterAsync("alice");
        var request = await Workflow(alice).RequestAsync(Model, "production", v1.Version, null, Ct);

        // Write the request straight into the store as approved by the author and by bob twice: only bob counts, once.
        var store = alice.GetRequiredService<PromotionRequestStore>();
        var stored = (await store.GetAsync(request.Id, Ct))!.Value;
        var at = request.RequestedAt;
        var forged = stored.Request with
        {
            Status = PromotionRequestStatus.Approved,
            Approvals = [new("alice", at, null), new("bob", at, null), new("bob", at, null)],
        };
        await store.PutAsync(forged, stored.Revision, at, "alice", new JournalDraft("test.forged", "model/penguins/1", "alice", at, "{}"), Ct);

        var denied = await FluentActions.Awaiting(() => alice.GetRequiredService<IModelRegistry>().SetAliasAsync(Model, "production", v1.Version, null, Ct))
            .Should().ThrowAsync<MlopsPolicyDeniedException>();
        denied.Which.UnmetRequirements.Should().ContainSingle().Which.Should()
            .Contain("has 1 of 2 required approval(s)").And.Contain("The author's own approval does not count.");
        (await AliasTargetAsync(alice, "production")).Should().BeNull();
    }

    [Fact]
    public async Task Two_required_approvals_need_two_distinct_non_authors()
    {
        await using var h = new GovernanceHarness(models, Production(approvals: 2, validation: false));
        var v1 = await h.RegisterAsync("alice");
        var request = await Workflow(h.As("alice")).RequestAsync(Model, "production", v1.Version, null, Ct);

        var first = await Workflow(h.As("bob")).ApproveAsync(request.Id, null, Ct);
        first.Status.Should().Be(PromotionRequestStatus.Pending);
        first.RequiredApprovals.Should().Be(2);
        first.Execution.Should().BeNull();
        (await AliasTargetAsync(h.As("bob"), "production")).Should().BeNull();

        await FluentActions.Awaiting(() => Workflow(h.As("bob")).ApproveAsync(request.Id, null, Ct))
            .Should().ThrowAsync<MlopsConflictException>().WithMessage("*'bob' already approved*");

        var second = await Workflow(h.As("carol")).ApproveAsync(request.Id, null, Ct);
        second.Status.Should().Be(PromotionRequestStatus.Approved);
        second.Approvals.Select(a => a.Approver).Should().Equal("bob", "carol");
        second.Execution!.Succeeded.Should().BeTrue();
        (await AliasTargetAsync(h.As("carol"), "production")).Should().Be(v1.Version);
    }

    [Fact]
    public async Task A_failed_execution_leaves_the_request_approved_and_ExecuteAsync_retries()
    {
        await using var h = new GovernanceHarness(models, Production());
        var alice = h.As("alice");
        var bob = h.As("bob");
        var v1 = await h.RegisterAsync("alice");
        var request = await Workflow(alice).RequestAsync(Model, "production", v1.Version, null, Ct);

        var approved = await Workflow(bob).ApproveAsync(request.Id, null, Ct);
        approved.Status.Should().Be(PromotionRequestStatus.Approved);
        approved.Execution!.Succeeded.Should().BeFalse();
        approved.Execution.Error.Should().Contain("no validation report");
        approved.Execution.Attempts.Should().Be(1);
        (await AliasTargetAsync(bob, "production")).Should().BeNull();

        await AttachReportAsync(alice, models, v1);
        var retried = await Workflow(bob).ExecuteAsync(request.Id, Ct);
        retried.Execution!.Succeeded.Should().BeTrue();
        retried.Execution.Attempts.Should().Be(2);
        (await AliasTargetAsync(bob, "production")).Should().Be(v1.Version);

        var executed = (await h.JournalAsync()).Where(e => e.Kind == JournalKinds.PromotionExecuted).ToList();
        executed.Select(e => Payload(e, "outcome")).Should().Equal("failed", "succeeded");
        Payload(executed[0], "error").Should().Contain("no validation report");

        // Executing again is a no-op once it succeeded.
        (await Workflow(bob).ExecuteAsync(request.Id, Ct)).Execution!.Attempts.Should().Be(2);
    }

    [Fact]
    public async Task A_rejected_request_cannot_be_approved_and_does_not_count()
    {
        await using var h = new GovernanceHarness(models, Production(validation: false));
        var v1 = await h.RegisterAsync("alice");
        var request = await Workflow(h.As("alice")).RequestAsync(Model, "production", v1.Version, null, Ct);

        var rejected = await Workflow(h.As("bob")).RejectAsync(request.Id, "accuracy too low on Gentoo", Ct);
        rejected.Status.Should().Be(PromotionRequestStatus.Rejected);
        rejected.ResolvedBy.Should().Be("bob");
        rejected.ResolutionComment.Should().Be("accuracy too low on Gentoo");

        await FluentActions.Awaiting(() => Workflow(h.As("carol")).ApproveAsync(request.Id, null, Ct))
            .Should().ThrowAsync<MlopsConflictException>().WithMessage("*is Rejected; only a pending request can be approved*");
        await FluentActions.Awaiting(() => Workflow(h.As("carol")).ExecuteAsync(request.Id, Ct)).Should().ThrowAsync<MlopsConflictException>();
        await FluentActions.Awaiting(() => h.As("carol").GetRequiredService<IModelRegistry>().SetAliasAsync(Model, "production", v1.Version, null, Ct))
            .Should().ThrowAsync<MlopsPolicyDeniedException>();

        var entry = (await h.JournalAsync()).Single(e => e.Kind == JournalKinds.PromotionRejected);
        (entry.Actor, entry.Subject, Payload(entry, "status"), Payload(entry, "comment")).Should().Be(("bob", "model/penguins/1", "rejected", "accuracy too low on Gentoo"));
    }

    [Fact]
    public async Task Requests_are_validated()
    {
        await using var h = new GovernanceHarness(models, Production());
        var alice = h.As("alice");
        var v1 = await h.RegisterAsync("alice");

        await FluentActions.Awaiting(() => Workflow(alice).RequestAsync(Model, "production", v1.Version, new string('x', 5001), Ct))
            .Should().ThrowAsync<MlopsValidationException>().Where(e => e.Field == "comment");
        await FluentActions.Awaiting(() => Workflow(alice).RequestAsync(Model, "production", 9, null, Ct)).Should().ThrowAsync<MlopsNotFoundException>();
        await FluentActions.Awaiting(() => Workflow(alice).RequestAsync(Model, "latest", v1.Version, null, Ct)).Should().ThrowAsync<MlopsValidationException>();
        await FluentActions.Awaiting(() => Workflow(alice).GetAsync("penguins/production/1/nope", Ct)).Should().ThrowAsync<MlopsNotFoundException>();

        var request = await Workflow(alice).RequestAsync(Model, "production", v1.Version, new string('x', 5000), Ct);
        await FluentActions.Awaiting(() => Workflow(alice).RequestAsync(Model, "production", v1.Version, null, Ct))
            .Should().ThrowAsync<MlopsConflictException>().WithMessage($"*'{request.Id}'*already pending*");
    }

    [Fact]
    public async Task ListAsync_filters_by_model_and_status_oldest_first()
    {
        await using var h = new GovernanceHarness(models, Production(validation: false));
        var alice = h.As("alice");
        var v1 = await h.RegisterAsync("alice");
        var v2 = await h.RegisterAsync("alice");
        var other = await h.RegisterAsync("alice", name: "penguins-shadow");
        var first = await Workflow(alice).RequestAsync(Model, "production", v1.Version, null, Ct);
        var second = await Workflow(alice).RequestAsync(Model, "staging", v2.Version, null, Ct);
        await Workflow(alice).RequestAsync(other.ModelName, "production", other.Version, null, Ct);
        await Workflow(h.As("bob")).RejectAsync(first.Id, null, Ct);

        (await Workflow(alice).ListAsync(Model, cancellationToken: Ct)).Select(r => r.Id).Should().Equal(first.Id, second.Id);
        (await Workflow(alice).ListAsync(Model, PromotionRequestStatus.Pending, Ct)).Select(r => r.Id).Should().Equal(second.Id);
        (await Workflow(alice).ListAsync(cancellationToken: Ct)).Should().HaveCount(3);
    }
}
