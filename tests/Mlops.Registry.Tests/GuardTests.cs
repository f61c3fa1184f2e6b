using Microsoft.Extensions.DependencyInjection;
using Mlops.Journal;

namespace Mlops.Registry.Tests;

public sealed class GuardTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A policy-like guard: production needs a validation report and an approval; it records what it was asked.</summary>
    private sealed class ProductionGuard : IPromotionGuard
    {
        public List<PromotionContext> Seen { get; } = [];

        public ValueTask<PromotionDecision> EvaluateAsync(PromotionContext context, CancellationToken cancellationToken = default)
        {
            lock (Seen)
            {
                Seen.Add(context);
            }

            return ValueTask.FromResult(context.Alias == "production" && context.Target is not null
                ? PromotionDecision.Deny("a passed validation report is required.", "one approval by someone other than the author is required.")
                : PromotionDecision.Allow);
        }
    }

    private sealed class FreezeGuard : IPromotionGuard
    {
        public ValueTask<PromotionDecision> EvaluateAsync(PromotionContext context, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(context.Alias == "production" ? PromotionDecision.Deny("a release freeze is in effect.") : PromotionDecision.Allow);
    }

    [Fact]
    public async Task A_denying_guard_lists_every_reason_nothing_moves_and_the_refusal_is_journaled()
    {
        var guard = new ProductionGuard();
        await using var h = new RegistryHarness(services: s => s.AddSingleton<IPromotionGuard>(guard));
        await h.RegisterPenguinsAsync(models);
        var journalBefore = await h.JournalAsync();

        var act = () => h.Registry.SetAliasAsync("penguins", "production", 1, "ship it", Ct);

        var denied = (await act.Should().ThrowAsync<MlopsPolicyDeniedException>()).Which;
        denied.UnmetRequirements.Should().Equal("a passed validation report is required.", "one approval by someone other than the author is required.");
        denied.Message.Should().Contain("validation report").And.Contain("approval");
        (await h.Registry.GetModelAsync("penguins", Ct)).Aliases.Should().BeEmpty();
        var journal = await h.JournalAsync();
        journal.Take(journalBefore.Count).Should().BeEquivalentTo(journalBefore);
        var refusal = journal.Skip(journalBefore.Count).Should().ContainSingle().Subject;
        refusal.Kind.Should().Be(JournalKinds.ModelAliasDenied);
        refusal.Subject.Should().Be("model/penguins");
        refusal.Actor.Should().Be("alice");
        var payload = RegistryHarness.Payload(refusal);
        payload.GetProperty("alias").GetString().Should().Be("production");
        payload.GetProperty("targetVersion").GetInt32().Should().Be(1);
        payload.GetProperty("reason").GetString().Should().Be("ship it");
        payload.GetProperty("unmet").GetString().Should().Contain("validation report").And.Contain("approval");
    }

    [Fact]
    public async Task Unmet_requirements_of_every_guard_are_collected()
    {
        await using var h = new RegistryHarness(services: s => s
            .AddSingleton<IPromotionGuard>(new ProductionGuard())
            .AddSingleton<IPromotionGuard>(new FreezeGuard()));
        await h.RegisterPenguinsAsync(models);

        var denied = (await FluentActions.Awaiting(() => h.Registry.SetAliasAsync("penguins", "production", 1, cancellationToken: Ct))
            .Should().ThrowAsync<MlopsPolicyDeniedException>()).Which;

        denied.UnmetRequirements.Should().HaveCount(3).And.Contain("a release freeze is in effect.");
    }

    [Fact]
    public async Task An_allowed_move_is_seen_by_the_guard_with_its_context_and_journaled()
    {
        var guard = new ProductionGuard();
        await using var h = new RegistryHarness(services: s => s.AddSingleton<IPromotionGuard>(guard), actor: "bob");
        await h.RegisterPenguinsAsync(models);
        await h.RegisterPenguinsAsync(models);
        await h.Registry.SetAliasAsync("penguins", "champion", 1, "baseline", Ct);

        await h.Registry.SetAliasAsync("penguins", "champion", 2, "beats baseline", Ct);

        var context = guard.Seen[^1];
        context.ModelName.Should().Be("penguins");
        context.Alias.Should().Be("champion");
        context.CurrentVersion.Should().Be(1);
        context.Target!.Version.Should().Be(2);
        context.Actor.Should().Be("bob");
        context.Reason.Should().Be("beats baseline");
        var payload = RegistryHarness.Payload((await h.JournalAsync()).Last(e => e.Kind == JournalKinds.ModelAliasSet));
        payload.GetProperty("oldVersion").GetInt32().Should().Be(1);
        payload.GetProperty("newVersion").GetInt32().Should().Be(2);
        payload.GetProperty("reason").GetString().Should().Be("beats baseline");
        payload.GetProperty("actor").GetString().Should().Be("bob");
    }

    [Fact]
    public async Task Deleting_an_alias_also_asks_the_guards_with_no_target()
    {
        var guard = new ProductionGuard();
        await using var h = new RegistryHarness(services: s => s.AddSingleton<IPromotionGuard>(guard).AddSingleton<IPromotionGuard>(new FreezeGuard()));
        await h.RegisterPenguinsAsync(models);
        await h.Registry.SetAliasAsync("penguins", "staging", 1, cancellationToken: Ct);

        await h.Registry.DeleteAliasAsync("penguins", "staging", "done", Ct);

        guard.Seen[^1].Target.Should().BeNull();
        guard.Seen[^1].CurrentVersion.Should().Be(1);
    }

    [Fact]
    public async Task A_move_based_on_a_stale_view_is_a_conflict()
    {
        await using var h = new RegistryHarness();
        await h.RegisterPenguinsAsync(models);
        await h.RegisterPenguinsAsync(models);
        await h.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);
        var store = h.Services.GetRequiredService<Mlops.Storage.IRegistryStore>();
        var draft = new JournalDraft(JournalKinds.ModelAliasSet, "model/penguins", "mallory", DateTimeOffset.UtcNow, "{}");

        // Another writer that still believes the alias is unset loses: the registry always passes what its guards saw.
        var stale = () => store.SetAliasAsync("penguins", "champion", 2, null, draft, Ct);

        await stale.Should().ThrowAsync<MlopsConflictException>();
        (await h.Registry.ResolveAsync("models:/penguins@champion", Ct)).Version.Should().Be(1);
    }
}
