using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Governance;
using Mlops.Journal;
using Mlops.Registry;

namespace Mlops.AspNetCore.Tests.Dashboard;

/// <summary>Approve and reject through the dashboard's forms as the signed-in user, antiforgery, the journal and its chain status.</summary>
public sealed class DashboardGovernanceTests(TrainedModels models) : IAsyncLifetime
{
    private DashboardApp? _app;

    private DashboardApp App => _app!;

    private IPromotionWorkflow Workflow => App.Services.GetRequiredService<IPromotionWorkflow>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _app = await DashboardApp.StartAsync(models);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>The fields the request's form would post when <paramref name="button"/> is clicked.</summary>
    private static List<KeyValuePair<string, string>> FormOf(IDocument page, string requestId, string button)
    {
        var request = page.QuerySelectorAll("[data-testid=promotion-request]").Single(r => r.GetAttribute("data-request-id") == requestId);
        var form = (IHtmlFormElement)request.QuerySelector("form")!;
        form.Method.Should().BeEquivalentTo("post");
        var fields = form.QuerySelectorAll("input").OfType<IHtmlInputElement>()
            .Where(i => i.Name is { Length: > 0 })
            .Select(i => KeyValuePair.Create(i.Name!, i.Value))
            .ToList();
        var clicked = (IHtmlButtonElement)form.QuerySelector($"[data-testid={button}]")!;
        fields.Add(KeyValuePair.Create(clicked.Name!, clicked.Value));
        return fields;
    }

    private static string ActionOf(IDocument page) => page.QuerySelector("[data-testid=promotion-request] form")!.GetAttribute("action")!;

    [Fact]
    public async Task Approving_as_the_signed_in_user_approves_the_request_moves_the_alias_and_says_so_after_the_redirect()
    {
        var page = await App.PageAsync("governance", user: "bob");
        page.QuerySelector("[data-testid=current-actor]")!.TextContent.Should().Be("bob");
        var form = FormOf(page, App.Seed.RequestId, "approve");

        using var response = await App.PostFormAsync(ActionOf(page), form, user: "bob");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.RequestMessage!.RequestUri!.AbsolutePath.Should().Be("/mlops/governance", "the post redirects back to the page");
        var after = await DashboardApp.Parse(await response.Content.ReadAsStringAsync(Ct));
        after.QuerySelector("[data-testid=flash]")!.TextContent.Should().StartWith("Approved").And.Contain("production").And.Contain("alias moved");
        after.QuerySelectorAll("[data-testid=promotion-request]").Should().BeEmpty();
        var request = await Workflow.GetAsync(App.Seed.RequestId, Ct);
        request.Status.Should().Be(PromotionRequestStatus.Approved);
        request.Approvals.Should().ContainSingle().Which.Approver.Should().Be("bob");
        (await App.Services.GetRequiredService<IModelRegistry>().GetModelAsync("penguins", Ct)).Aliases.Should().Contain("production", App.Seed.Version.Version);
        var approvals = await App.Services.GetRequiredService<IAuditLog>().QueryAsync(new JournalQuery { Kinds = [JournalKinds.PromotionApproved] }, Ct);
        approvals.Should().ContainSingle().Which.Actor.Should().Be("bob");

        (await App.PageAsync("governance")).QuerySelector("[data-testid=current-actor]")!.TextContent.Should()
            .Be("dashboard-host", "an anonymous request acts as the accessor configured before UseHttpContextActor");
        var reloaded = await App.PageAsync("governance", user: "bob");
        reloaded.QuerySelector("[data-testid=flash]").Should().BeNull("a flash message is shown once");
        reloaded.QuerySelector($"[data-testid=decisions-table] tr[data-request-id='{App.Seed.RequestId}']")!.GetAttribute("data-status").Should().Be("Approved");
    }

    [Fact]
    public async Task The_versions_author_cannot_approve_it_and_the_page_shows_the_refusal()
    {
        var page = await App.PageAsync("governance", user: "alice");

        using var response = await App.PostFormAsync(ActionOf(page), FormOf(page, App.Seed.RequestId, "approve"), user: "alice");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var after = await DashboardApp.Parse(await response.Content.ReadAsStringAsync(Ct));
        var flash = after.QuerySelector("[data-testid=flash]")!;
        flash.TextContent.Should().StartWith("Refused").And.Contain("alice");
        flash.GetAttribute("role").Should().Be("alert");
        (await Workflow.GetAsync(App.Seed.RequestId, Ct)).Status.Should().Be(PromotionRequestStatus.Pending);
        after.QuerySelectorAll("[data-testid=promotion-request]").Should().ContainSingle();
        var denied = await App.Services.GetRequiredService<IAuditLog>().QueryAsync(new JournalQuery { Kinds = [JournalKinds.PromotionApprovalDenied] }, Ct);
        denied.Should().ContainSingle().Which.Actor.Should().Be("alice");
    }

    [Fact]
    public async Task Rejecting_resolves_the_request_as_the_signed_in_user()
    {
        var page = await App.PageAsync("governance", user: "dave");

        using var response = await App.PostFormAsync(ActionOf(page), FormOf(page, App.Seed.RequestId, "reject"), user: "dave");

        var after = await DashboardApp.Parse(await response.Content.ReadAsStringAsync(Ct));
        after.QuerySelector("[data-testid=flash]")!.TextContent.Should().StartWith("Rejected");
        var request = await Workflow.GetAsync(App.Seed.RequestId, Ct);
        request.Status.Should().Be(PromotionRequestStatus.Rejected);
        request.ResolvedBy.Should().Be("dave");
        (await App.Services.GetRequiredService<IModelRegistry>().GetModelAsync("penguins", Ct)).Aliases.Should().NotContainKey("production");
    }

    [Fact]
    public async Task The_post_answers_303_see_other_back_to_the_governance_page()
    {
        var page = await App.PageAsync("governance", user: "bob");
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = App.Address };
        using var fresh = await App.GetAsync("governance", user: "bob", client: noRedirects);
        var form = FormOf(await DashboardApp.Parse(await fresh.Content.ReadAsStringAsync(Ct)), App.Seed.RequestId, "approve");

        using var response = await App.PostFormAsync(ActionOf(page), form, user: "bob", client: noRedirects);

        response.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        response.Headers.Location!.OriginalString.Should().Be("/mlops/governance");
        response.Headers.GetValues("Set-Cookie").Should().Contain(c => c.StartsWith("mlops-dashboard-flash=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_a_400_and_changes_nothing()
    {
        var page = await App.PageAsync("governance", user: "bob");
        var form = FormOf(page, App.Seed.RequestId, "approve");
        var withoutToken = form.Where(f => f.Key is "requestId" or "decision").ToList();
        withoutToken.Should().HaveCount(2);
        form.Should().HaveCountGreaterThan(2, "the form carries the antiforgery token");

        using var missing = await App.PostFormAsync(ActionOf(page), withoutToken, user: "bob");
        using var otherBrowser = await App.PostFormAsync(ActionOf(page), form, user: "bob", client: App.NewClient());

        missing.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        otherBrowser.StatusCode.Should().Be(HttpStatusCode.BadRequest, "the token is bound to the cookie of the browser that got the form");
        (await Workflow.GetAsync(App.Seed.RequestId, Ct)).Status.Should().Be(PromotionRequestStatus.Pending);
    }

    [Fact]
    public async Task A_request_from_another_machine_is_refused_with_403_by_default()
    {
        using var remote = await App.GetAsync("runs", user: "bob", remoteIp: "192.0.2.10");
        using var css = await App.GetAsync("assets/dashboard.css", remoteIp: "192.0.2.10");
        using var local = await App.GetAsync("runs", remoteIp: "127.0.0.1");

        remote.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        css.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        local.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_chain_status_is_verified_until_a_journal_row_is_tampered_with_then_broken_at_that_entry()
    {
        var before = await App.PageAsync("journal");
        before.QuerySelector("[data-testid=chain-status]")!.TextContent.Should().Contain("verified");

        await App.ExecuteSqlAsync("UPDATE journal SET payload = '{\"tampered\":true}' WHERE sequence = 3");

        var after = await App.PageAsync("journal");
        var status = after.QuerySelector("[data-testid=chain-status]")!;
        status.TextContent.Should().Contain("BROKEN").And.Contain("entry 3");
        status.GetAttribute("role").Should().Be("alert");
        (await App.PageAsync("governance")).QuerySelector("[data-testid=chain-status]")!.TextContent.Should().Contain("BROKEN");
    }

    [Fact]
    public async Task The_journal_is_newest_first_paged_and_filtered_by_subject_and_kind()
    {
        var all = await App.Services.GetRequiredService<IJournal>().ReadAsync(1, 100_000, Ct);
        all.Count.Should().BeGreaterThan(2);

        var page = await App.PageAsync("journal");
        var sequences = page.QuerySelectorAll("[data-testid=journal-entry]").Select(r => long.Parse(r.GetAttribute("data-sequence")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        sequences.Should().Equal(all.Select(e => e.Sequence).Reverse().Take(50));

        var requested = await App.PageAsync("journal?kind=" + JournalKinds.PromotionRequested);
        requested.QuerySelectorAll("[data-testid=journal-entry]").Should().ContainSingle().Which.GetAttribute("data-kind").Should().Be(JournalKinds.PromotionRequested);

        var bySubject = await App.PageAsync("journal?subject=" + Uri.EscapeDataString("model/penguins"));
        var expected = all.Where(e => e.Subject == "model/penguins" || e.Subject.StartsWith("model/penguins/", StringComparison.Ordinal)).ToList();
        expected.Should().NotBeEmpty();
        bySubject.QuerySelectorAll("[data-testid=journal-entry]").Select(r => r.GetAttribute("data-sequence")).Should()
            .Equal(expected.Select(e => e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)).Reverse().Take(50));
    }

    [Fact]
    public async Task The_journal_pages_through_older_entries_when_there_are_more_than_a_page()
    {
        await using var app = await DashboardApp.StartAsync(models, o => o.PageSize = 5);
        var all = await app.Services.GetRequiredService<IJournal>().ReadAsync(1, 100_000, Ct);

        var first = await app.PageAsync("journal");
        var older = await app.PageAsync(first.QuerySelector("nav.pager a[rel=next]")!.GetAttribute("href")!);

        first.QuerySelectorAll("[data-testid=journal-entry]").Select(r => r.GetAttribute("data-sequence")).Should()
            .Equal(all.Select(e => e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)).Reverse().Take(5));
        older.QuerySelectorAll("[data-testid=journal-entry]").Select(r => r.GetAttribute("data-sequence")).Should()
            .Equal(all.Select(e => e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)).Reverse().Skip(5).Take(5));
        older.QuerySelector("nav.pager a[rel=prev]").Should().NotBeNull();
    }
}
