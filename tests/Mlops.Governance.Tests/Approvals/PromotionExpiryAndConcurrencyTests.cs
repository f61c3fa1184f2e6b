using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Mlops.Governance.Tests.Policies;
using Mlops.Journal;
using Mlops.Registry;
using Mlops.Storage;
using static Mlops.Governance.Tests.Policies.PolicyTestSupport;

namespace Mlops.Governance.Tests.Approvals;

/// <summary>Stale requests expire on the (fake) clock; concurrent approvals never lose one.</summary>
public sealed class PromotionExpiryAndConcurrencyTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IPromotionWorkflow Workflow(IServiceProvider provider) => provider.GetRequiredService<IPromotionWorkflow>();

    [Fact]
    public async Task A_request_pending_longer_than_the_lifetime_expires_on_read_and_is_journaled()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var h = new GovernanceHarness(models, g => g.AddPromotionPolicy("production", p => p.RequiredApprovals = 1));
        ServiceProvider As(string actor) => h.As(actor, extra: s => s.AddSingleton<TimeProvider>(clock));
        var v1 = await h.RegisterAsync("alice");
        var request = await Workflow(As("alice")).RequestAsync(Model, "production", v1.Version, null, Ct);

        clock.Advance(TimeSpan.FromDays(7));
        (await Workflow(As("bob")).GetAsync(request.Id, Ct)).Status.Should().Be(PromotionRequestStatus.Pending, "exactly the lifetime is not longer than it");

        clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await Workflow(As("bob")).GetAsync(request.Id, Ct);
        expired.Status.Should().Be(PromotionRequestStatus.Expired);
        expired.ResolvedAt.Should().Be(clock.GetUtcNow());
        await FluentActions.Awaiting(() => Workflow(As("bob")).ApproveAsync(request.Id, null, Ct))
            .Should().ThrowAsync<MlopsConflictException>().WithMessage("*is Expired*");

        var entries = (await h.JournalAsync()).Where(e => e.Kind == JournalKinds.PromotionExpired).ToList();
        entries.Should().ContainSingle().Which.Subject.Should().Be("model/penguins/1");
        Payload(entries[0], "status").Should().Be("expired");
        Payload(entries[0], "requestId").Should().Be(request.Id);

        // A new request for the same promotion is allowed once the old one expired.
        (await Workflow(As("alice")).RequestAsync(Model, "production", v1.Version, null, Ct)).Status.Should().Be(PromotionRequestStatus.Pending);
    }

    [Fact]
    public async Task ExpireStaleAsync_expires_only_stale_pending_requests_with_the_configured_lifetime()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var h = new GovernanceHarness(models, g => g.ConfigureApprovals(o => o.RequestLifetime = TimeSpan.FromHours(1)));
        ServiceProvider As(string actor) => h.As(actor, extra: s => s.AddSingleton<TimeProvider>(clock));
        var v1 = await h.RegisterAsync("alice");
        var alice = Workflow(As("alice"));
        var stale = await alice.RequestAsync(Model, "production", v1.Version, null, Ct);
        var decided = await alice.RequestAsync(Model, "staging", v1.Version, null, Ct);
        await Workflow(As("bob")).RejectAsync(decided.Id, null, Ct);
        clock.Advance(TimeSpan.FromMinutes(30));
        var fresh = await alice.RequestAsync(Model, "canary", v1.Version, null, Ct);
        clock.Advance(TimeSpan.FromMinutes(31));

        var expired = await Workflow(As("janitor")).ExpireStaleAsync(Ct);
        expired.Select(r => r.Id).Should().Equal(stale.Id);
        expired[0].ResolvedBy.Should().Be("janitor");
        (await alice.GetAsync(fresh.Id, Ct)).Status.Should().Be(PromotionRequestStatus.Pending);
        (await alice.GetAsync(decided.Id, Ct)).Status.Should().Be(PromotionRequestStatus.Rejected);
        (await Workflow(As("janitor")).ExpireStaleAsync(Ct)).Should().BeEmpty();
    }

    [Fact]
    public void An_invalid_lifetime_is_refused_at_start()
    {
        var services = new ServiceCollection();
        services.AddMlops(m => m.AddGovernance(g => g.ConfigureApprovals(o => o.RequestLifetime = TimeSpan.Zero)));
        using var provider = services.BuildServiceProvider();
        FluentActions.Invoking(() => provider.GetRequiredService<IOptions<ApprovalOptions>>().Value)
            .Should().Throw<OptionsValidationException>().WithMessage("*RequestLifetime*");
    }

    [Fact]
    public async Task Concurrent_approvals_from_two_providers_are_both_kept()
    {
        await using var h = new GovernanceHarness(models, g => g.AddPromotionPolicy("production", p => p.RequiredApprovals = 3));
        var v1 = await h.RegisterAsync("alice");
        var request = await Workflow(h.As("alice")).RequestAsync(Model, "production", v1.Version, null, Ct);
        var bob = Workflow(h.As("bob"));
        var carol = Workflow(h.As("carol"));

        await Task.WhenAll(bob.ApproveAsync(request.Id, null, Ct), carol.ApproveAsync(request.Id, null, Ct));

        var current = await bob.GetAsync(request.Id, Ct);
        current.Approvals.Select(a => a.Approver).Should().BeEquivalentTo("bob", "carol");
        current.Status.Should().Be(PromotionRequestStatus.Pending);
        (await h.JournalAsync()).Count(e => e.Kind == JournalKinds.PromotionApproved).Should().Be(2);
    }

    [Fact]
    public async Task An_approval_that_loses_the_race_is_reapplied_on_the_fresh_request()
    {
        await using var h = new GovernanceHarness(models, g => g.AddPromotionPolicy("production", p => p.RequiredApprovals = 2));
        var v1 = await h.RegisterAsync("alice");
        var request = await Workflow(h.As("alice")).RequestAsync(Model, "production", v1.Version, null, Ct);
        var carol = Workflow(h.As("carol"));
        var bobProvider = h.As("bob");

        // Bob's store lets Carol approve between Bob's read and Bob's write, deterministically: Bob's first write conflicts.
        var racing = new RacingStore(bobProvider.GetRequiredService<IGovernanceStore>(), () => carol.ApproveAsync(request.Id, "carol first", Ct));
        var bob = new PromotionWorkflow(
            new PromotionRequestStore(racing),
            bobProvider.GetRequiredService<PromotionPolicies>(),
            bobProvider.GetRequiredService<IModelRegistry>(),
            bobProvider.GetRequiredService<IAccessGuard>(),
            bobProvider.GetRequiredService<IJournalStore>(),
            bobProvider.GetRequiredService<IActorAccessor>(),
            TimeProvider.System,
            bobProvider.GetRequiredService<IOptions<ApprovalOptions>>(),
            NullLogger<PromotionWorkflow>.Instance);

        var approved = await bob.ApproveAsync(request.Id, "bob second", Ct);

        racing.Conflicts.Should().Be(1);
        approved.Approvals.Select(a => a.Approver).Should().Equal("carol", "bob");
        approved.Status.Should().Be(PromotionRequestStatus.Approved);
        approved.Execution!.Succeeded.Should().BeTrue();
        (await AliasTargetAsync(bobProvider, "production")).Should().Be(v1.Version);
    }

    /// <summary>Runs a competing write once, just before the first write it forwards.</summary>
    private sealed class RacingStore(IGovernanceStore inner, Func<Task> competitor) : IGovernanceStore
    {
        private Func<Task>? _competitor = competitor;

        public int Conflicts { get; private set; }

        public async Task<GovernanceRecord> PutGovernanceRecordAsync(string kind, string id, string json, long expectedRevision, DateTimeOffset updatedAt, string updatedBy, JournalDraft? journal, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _competitor, null) is { } run)
            {
                await run();
            }

            try
            {
                return await inner.PutGovernanceRecordAsync(kind, id, json, expectedRevision, updatedAt, updatedBy, journal, cancellationToken);
            }
            catch (MlopsConflictException)
            {
                Conflicts++;
                throw;
            }
        }

        public Task DeleteGovernanceRecordAsync(string kind, string id, long expectedRevision, JournalDraft? journal, CancellationToken cancellationToken = default) =>
            inner.DeleteGovernanceRecordAsync(kind, id, expectedRevision, journal, cancellationToken);

        public Task<GovernanceRecord?> GetGovernanceRecordAsync(string kind, string id, CancellationToken cancellationToken = default) =>
            inner.GetGovernanceRecordAsync(kind, id, cancellationToken);

        public Task<IReadOnlyList<GovernanceRecord>> ListGovernanceRecordsAsync(string kind, string? idPrefix = null, CancellationToken cancellationToken = default) =>
            inner.ListGovernanceRecordsAsync(kind, idPrefix, cancellationToken);

        public Task AppendInferenceRecordsAsync(IReadOnlyList<InferenceRecord> records, CancellationToken cancellationToken = default) =>
            inner.AppendInferenceRecordsAsync(records, cancellationToken);

        public Task<IReadOnlyList<InferenceRecord>> ReadInferenceRecordsAsync(InferenceRecordQuery query, CancellationToken cancellationToken = default) =>
            inner.ReadInferenceRecordsAsync(query, cancellationToken);

        public Task<long> PurgeInferenceRecordsAsync(DateTimeOffset before, Func<long, JournalDraft> journal, CancellationToken cancellationToken = default) =>
            inner.PurgeInferenceRecordsAsync(before, journal, cancellationToken);
    }
}
