using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Mlops.AspNetCore.Dashboard.Internal;
using Mlops.Governance;
using Mlops.Journal;

namespace Mlops.AspNetCore.Dashboard.Pages;

/// <summary>Governance: pending promotions with approve/reject, and the journal with its chain status.</summary>
internal static class GovernancePages
{
    private const string AddGovernance = "AddMlops(m => m.AddGovernance())";

    public static async Task<IResult> GovernanceAsync(DashboardPage page)
    {
        var body = page.Body;
        await WriteChainStatusAsync(page).ConfigureAwait(false);
        body.Heading(2, "Pending promotions");
        if (page.Service<IPromotionWorkflow>() is not { } workflow)
        {
            page.Missing("The promotion workflow", AddGovernance);
            return page.Render("Governance", "governance");
        }

        var requests = await workflow.ListAsync(cancellationToken: page.Aborted).ConfigureAwait(false);
        var pending = requests.Where(r => r.Status == PromotionRequestStatus.Pending).ToList();
        var tokens = page.Context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(page.Context);
        body.Open("p", ("class", "muted")).Text("You act as ").Element("strong", page.Service<IActorAccessor>()?.CurrentActor ?? "unknown", ("data-testid", "current-actor")).Text(".").Close("p");
        if (pending.Count == 0)
        {
            body.Paragraph("No promotion is waiting for approval.", "muted");
        }

        foreach (var request in pending)
        {
            body.Open("article", ("class", "request"), ("data-testid", "promotion-request"), ("data-request-id", request.Id), ("aria-labelledby", "req-" + request.Id))
                .Heading(3, $"{request.ModelName}: move '{request.Alias}' to version {request.Version.ToString(CultureInfo.InvariantCulture)}", "req-" + request.Id)
                .Raw("<dl class=\"facts\">");
            RunsPages.Fact(body, "Requested", $"{Html.Format(request.RequestedAt)} by {request.RequestedBy}");
            RunsPages.Fact(body, "Version author", request.VersionAuthor + " (cannot approve)");
            RunsPages.Fact(body, "Approvals", $"{request.Approvals.Count.ToString(CultureInfo.InvariantCulture)} of {request.RequiredApprovals.ToString(CultureInfo.InvariantCulture)}"
                + (request.Approvals.Count == 0 ? string.Empty : ": " + string.Join(", ", request.Approvals.Select(a => a.Approver))));
            if (request.Comment is not null)
            {
                RunsPages.Fact(body, "Comment", request.Comment);
            }

            body.Raw("</dl><p>").Link(page.Href($"models/{Html.Url(request.ModelName)}/versions/{request.Version.ToString(CultureInfo.InvariantCulture)}"), "Review the version")
                .Raw(" · ").Link(page.Href($"models/{Html.Url(request.ModelName)}/card?version={request.Version.ToString(CultureInfo.InvariantCulture)}"), "Model card").Raw("</p>");
            var commentId = "comment-" + Uri.EscapeDataString(request.Id).Replace('%', '_');
            body.Open("form", ("method", "post"), ("action", page.Href("governance/decide")), ("class", "decide"))
                .Open("input", ("type", "hidden"), ("name", tokens.FormFieldName), ("value", tokens.RequestToken))
                .Open("input", ("type", "hidden"), ("name", "requestId"), ("value", request.Id))
                .Raw("<div class=\"field wide\">").Element("label", "Comment (optional)", ("for", commentId))
                .Open("input", ("type", "text"), ("id", commentId), ("name", "comment"), ("maxlength", PromotionRequest.MaxCommentLength.ToString(CultureInfo.InvariantCulture)))
                .Raw("</div>")
                .Element("button", "Approve", ("type", "submit"), ("name", "decision"), ("value", "approve"), ("data-testid", "approve"))
                .Element("button", "Reject", ("type", "submit"), ("name", "decision"), ("value", "reject"), ("class", "secondary"), ("data-testid", "reject"))
                .Close("form").Close("article");
        }

        var resolved = requests.Where(r => r.Status != PromotionRequestStatus.Pending).Reverse().Take(20).ToList();
        body.Heading(2, "Recent decisions");
        if (resolved.Count == 0)
        {
            body.Paragraph("None yet.", "muted");
        }
        else
        {
            body.Raw("<div class=\"scroll\"><table data-testid=\"decisions-table\"><caption>Resolved promotion requests, newest first</caption><thead><tr><th scope=\"col\">Request</th><th scope=\"col\">Status</th><th scope=\"col\">Resolved</th><th scope=\"col\">By</th><th scope=\"col\">Executed</th></tr></thead><tbody>");
            foreach (var request in resolved)
            {
                body.Open("tr", ("data-request-id", request.Id), ("data-status", request.Status.ToString()))
                    .Element("th", $"{request.ModelName} '{request.Alias}' → v{request.Version.ToString(CultureInfo.InvariantCulture)}", ("scope", "row"))
                    .Element("td", request.Status.ToString()).Element("td", Html.Format(request.ResolvedAt)).Element("td", request.ResolvedBy ?? "—")
                    .Element("td", Executed(request.Execution)).Raw("</tr>");
            }

            body.Raw("</tbody></table></div>");
        }

        return page.Render("Governance", "governance");
    }

    /// <summary>Approves or rejects a request as the current actor, then redirects back with the outcome as a flash message.</summary>
    public static async Task<IResult> DecideAsync(DashboardPage page)
    {
        var antiforgery = page.Context.RequestServices.GetRequiredService<IAntiforgery>();
        try
        {
            await antiforgery.ValidateRequestAsync(page.Context).ConfigureAwait(false);
        }
        catch (AntiforgeryValidationException)
        {
            return Results.Problem(detail: "The form's antiforgery token is missing or invalid; reload the page and try again.", statusCode: StatusCodes.Status400BadRequest);
        }

        var form = await page.Context.Request.ReadFormAsync(page.Aborted).ConfigureAwait(false);
        var requestId = form["requestId"].ToString();
        var decision = form["decision"].ToString();
        var comment = form["comment"].ToString() is { Length: > 0 } c ? c : null;
        if (page.Service<IPromotionWorkflow>() is not { } workflow)
        {
            return Results.Problem(detail: "The promotion workflow is not registered; add it with " + AddGovernance + ".", statusCode: StatusCodes.Status404NotFound);
        }

        if (requestId.Length == 0 || decision is not ("approve" or "reject"))
        {
            return Results.Problem(detail: "Post a requestId and a decision of 'approve' or 'reject'.", statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            var request = decision == "approve"
                ? await workflow.ApproveAsync(requestId, comment, page.Aborted).ConfigureAwait(false)
                : await workflow.RejectAsync(requestId, comment, page.Aborted).ConfigureAwait(false);
            var outcome = request.Status switch
            {
                PromotionRequestStatus.Approved when request.Execution is not null => $"Approved: {request.ModelName} '{request.Alias}' → version {request.Version.ToString(CultureInfo.InvariantCulture)}; {Executed(request.Execution)}.",
                PromotionRequestStatus.Approved => $"Approved: {request.ModelName} '{request.Alias}' → version {request.Version.ToString(CultureInfo.InvariantCulture)}.",
                PromotionRequestStatus.Rejected => $"Rejected: {request.ModelName} '{request.Alias}' → version {request.Version.ToString(CultureInfo.InvariantCulture)}.",
                _ => $"Approval recorded: {request.Approvals.Count.ToString(CultureInfo.InvariantCulture)} of {request.RequiredApprovals.ToString(CultureInfo.InvariantCulture)}.",
            };
            page.SetFlash(ok: true, outcome);
        }
        catch (MlopsException e) when (e is MlopsPolicyDeniedException or MlopsConflictException or MlopsNotFoundException or MlopsValidationException or MlopsPermissionDeniedException)
        {
            page.SetFlash(ok: false, "Refused: " + e.Message);
        }

        return page.Redirect("governance");
    }

    public static async Task<IResult> JournalAsync(DashboardPage page)
    {
        var journal = page.Service<IAuditLog>() is { } audit ? (Func<JournalQuery, CancellationToken, Task<IReadOnlyList<JournalEntry>>>)audit.QueryAsync : null;
        journal ??= page.Service<IJournal>() is { } reader ? reader.QueryAsync : null;
        var body = page.Body;
        await WriteChainStatusAsync(page).ConfigureAwait(false);
        if (journal is null)
        {
            page.Missing("The journal", "AddMlops(m => m.UseSqlite(...))");
            return page.Render("Journal", "journal");
        }

        var subject = page.Query("subject");
        var kind = page.Query("kind");
        var pageNumber = int.TryParse(page.Query("p"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        body.Open("form", ("method", "get"), ("action", page.Href("journal")), ("class", "search"))
            .Raw("<div class=\"field\"><label for=\"subject\">Subject</label>")
            .Open("input", ("id", "subject"), ("name", "subject"), ("type", "text"), ("value", subject ?? string.Empty), ("placeholder", "model/penguins"), ("data-testid", "journal-subject"))
            .Raw("</div><div class=\"field\"><label for=\"kind\">Kind</label>")
            .Open("input", ("id", "kind"), ("name", "kind"), ("type", "text"), ("value", kind ?? string.Empty), ("placeholder", JournalKinds.ModelAliasSet), ("data-testid", "journal-kind"), ("list", "kinds"))
            .Raw("<datalist id=\"kinds\">");
        foreach (var known in KnownKinds)
        {
            body.Open("option", ("value", known)).Close("option");
        }

        body.Raw("</datalist></div><button type=\"submit\">Filter</button></form>");
        // The journal is read oldest first; a page of the newest entries comes from the end of the matching ones.
        var entries = await journal(new JournalQuery { Subject = subject, Kinds = kind is null ? null : [kind], MaxResults = 100_000 }, page.Aborted).ConfigureAwait(false);
        var size = page.Options.PageSize;
        var shown = entries.Reverse().Skip((pageNumber - 1) * size).Take(size).ToList();
        body.Raw("<div class=\"scroll\"><table data-testid=\"journal-table\"><caption>Journal entries, newest first</caption><thead><tr><th scope=\"col\">#</th><th scope=\"col\">When</th><th scope=\"col\">Kind</th><th scope=\"col\">Subject</th><th scope=\"col\">Actor</th><th scope=\"col\">Details</th></tr></thead><tbody>");
        foreach (var entry in shown)
        {
            body.Open("tr", ("data-testid", "journal-entry"), ("data-sequence", entry.Sequence.ToString(CultureInfo.InvariantCulture)), ("data-kind", entry.Kind))
                .Element("th", entry.Sequence.ToString(CultureInfo.InvariantCulture), ("scope", "row"), ("class", "num"))
                .Element("td", Html.Format(entry.Timestamp)).Element("td", entry.Kind).Element("td", entry.Subject).Element("td", entry.Actor)
                .Open("td").Element("code", entry.Payload, ("class", "payload")).Close("td").Raw("</tr>");
        }

        body.Raw("</tbody></table></div><nav class=\"pager\" aria-label=\"Pages\">");
        string Href(int number) => page.Href("journal") + "?p=" + number.ToString(CultureInfo.InvariantCulture)
            + (subject is null ? string.Empty : "&subject=" + Html.Url(subject)) + (kind is null ? string.Empty : "&kind=" + Html.Url(kind));
        if (pageNumber > 1)
        {
            body.Link(Href(pageNumber - 1), "Newer entries", ("rel", "prev"));
        }

        if (entries.Count > pageNumber * size)
        {
            body.Link(Href(pageNumber + 1), "Older entries", ("rel", "next"));
        }

        body.Raw("</nav>").Paragraph($"{entries.Count.ToString(CultureInfo.InvariantCulture)} matching entries.", "muted");
        return page.Render("Journal", "journal");
    }

    internal static async Task WriteChainStatusAsync(DashboardPage page)
    {
        var verify = page.Service<IAuditLog>() is { } audit ? (Func<CancellationToken, Task<JournalVerificationResult>>)audit.VerifyAsync
            : page.Service<IJournal>() is { } journal ? journal.VerifyAsync : null;
        if (verify is null)
        {
            return;
        }

        var result = await verify(page.Aborted).ConfigureAwait(false);
        var text = result.IsValid
            ? $"Journal chain verified: {result.EntriesChecked.ToString(CultureInfo.InvariantCulture)} entries, head {result.Head?.Hash[..12] ?? "none"}."
            : $"Journal chain BROKEN at entry {result.FirstBrokenSequence?.ToString(CultureInfo.InvariantCulture) ?? "?"}: {result.Problem}";
        page.Body.Open("p", ("class", result.IsValid ? "chain ok" : "chain broken"), ("data-testid", "chain-status"), ("role", result.IsValid ? "status" : "alert"))
            .Text(text).Close("p");
    }

    private static string Executed(PromotionExecution? execution) => execution switch
    {
        null => "—",
        { Succeeded: true } => "alias moved",
        _ => "alias not moved: " + execution.Error,
    };

    private static readonly string[] KnownKinds =
    [
        JournalKinds.ModelVersionRegistered, JournalKinds.ModelAliasSet, JournalKinds.ModelAliasDeleted, JournalKinds.ModelVersionValidated,
        JournalKinds.PromotionRequested, JournalKinds.PromotionApproved, JournalKinds.PromotionRejected, JournalKinds.PromotionApprovalDenied,
        JournalKinds.PromotionExecuted, JournalKinds.ServingSwapped, JournalKinds.ServingDriftDetected, JournalKinds.RunCreated,
    ];
}
