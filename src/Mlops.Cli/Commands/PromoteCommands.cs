using System.CommandLine;
using Mlops.Cli.Output;
using Spectre.Console;
using Mlops.Governance;

namespace Mlops.Cli.Commands;

/// <summary><c>mlops promote request|approve|reject|list</c>, through <see cref="IPromotionWorkflow"/>; who acts comes from --actor.</summary>
internal static class PromoteCommands
{
    public static Command Create(CliOptions o)
    {
        var promote = new Command("promote", "Promotion requests with approvals: request, approve, reject, list (actor via --actor).");
        promote.Subcommands.Add(Request(o));
        promote.Subcommands.Add(Decide(o, "approve", "Approves a request; with enough approvals the alias moves."));
        promote.Subcommands.Add(Decide(o, "reject", "Rejects a request."));
        promote.Subcommands.Add(List(o));
        return promote;
    }

    private static object RequestJson(PromotionRequest r) => new
    {
        r.Id,
        Model = r.ModelName,
        r.Alias,
        r.Version,
        Status = r.Status.ToString(),
        r.RequestedBy,
        r.RequestedAt,
        r.Comment,
        r.RequiredApprovals,
        Approvals = r.Approvals.Select(a => new { a.Approver, a.ApprovedAt, a.Comment }),
        r.ResolvedBy,
        r.ResolvedAt,
        r.ResolutionComment,
        Executed = r.Execution?.Succeeded,
        ExecutionError = r.Execution?.Error,
    };

    private static void Print(CommandContext ctx, PromotionRequest r)
    {
        if (ctx.Json)
        {
            ctx.Out.WriteJson(RequestJson(r));
            return;
        }

        var table = Printer.Table("Field", "Value");
        table.AddRow("Request", Printer.Esc(r.Id));
        table.AddRow("Promotion", Printer.Esc($"{r.ModelName}@{r.Alias} → v{r.Version}"));
        table.AddRow("Status", Printer.Esc(r.Status.ToString()));
        table.AddRow("Requested", $"{Printer.Time(r.RequestedAt)} by {Printer.Esc(r.RequestedBy)}");
        table.AddRow("Approvals", $"{r.Approvals.Count}/{r.RequiredApprovals} {Printer.Esc(string.Join(", ", r.Approvals.Select(a => a.Approver)))}");
        if (r.ResolvedBy is not null)
        {
            table.AddRow("Resolved", $"{Printer.Time(r.ResolvedAt)} by {Printer.Esc(r.ResolvedBy)}");
        }

        ctx.Out.Write(table);
    }

    private static Option<string?> CommentOption() => new("--comment") { Description = "A comment, recorded with the decision." };

    private static Command Request(CliOptions o)
    {
        var model = new Argument<string>("model") { Description = "The model's name." };
        var alias = new Argument<string>("alias") { Description = "The alias to move, e.g. champion." };
        var version = new Argument<int>("version") { Description = "The version to promote." };
        var comment = CommentOption();
        var command = new Command("request", "Asks for an alias to move to a version; others approve it.");
        command.Arguments.Add(model);
        command.Arguments.Add(alias);
        command.Arguments.Add(version);
        command.Options.Add(comment);
        Actions.Set(command, o, async ctx =>
        {
            await using var session = await ctx.OpenAsync().ConfigureAwait(false);
            var request = await session.Get<IPromotionWorkflow>().RequestAsync(
                ctx.Value(model), ctx.Value(alias), ctx.Value(version), ctx.Value(comment), ctx.CancellationToken).ConfigureAwait(false);
            Print(ctx, request);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Decide(CliOptions o, string verb, string description)
    {
        var id = new Argument<string>("request-id") { Description = "The promotion request." };
        var comment = CommentOption();
        var command = new Command(verb, description);
        command.Arguments.Add(id);
        command.Options.Add(comment);
        Actions.Set(command, o, async ctx =>
        {
            await using var session = await ctx.OpenAsync().ConfigureAwait(false);
            var workflow = session.Get<IPromotionWorkflow>();
            var request = verb == "approve"
                ? await workflow.ApproveAsync(ctx.Value(id), ctx.Value(comment), ctx.CancellationToken).ConfigureAwait(false)
                : await workflow.RejectAsync(ctx.Value(id), ctx.Value(comment), ctx.CancellationToken).ConfigureAwait(false);
            Print(ctx, request);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliOptions o)
    {
        var model = new Option<string?>("--model") { Description = "Only requests for this model." };
        var status = new Option<PromotionRequestStatus?>("--status") { Description = "Only requests in this status." };
        var command = new Command("list", "Promotion requests, newest first.");
        command.Options.Add(model);
        command.Options.Add(status);
        Actions.Set(command, o, async ctx =>
        {
            await using var session = await ctx.OpenAsync().ConfigureAwait(false);
            var requests = await session.Get<IPromotionWorkflow>().ListAsync(ctx.Value(model), ctx.Value(status), ctx.CancellationToken).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.Out.WriteJson(new { requests = requests.Select(RequestJson) });
                return ExitCodes.Ok;
            }

            var table = Printer.Table("Request", "Promotion", "Status", "Requested by", "Approvals");
            foreach (var r in requests)
            {
                table.AddRow(Printer.Esc(r.Id), Printer.Esc($"{r.ModelName}@{r.Alias} → v{r.Version}"), Printer.Esc(r.Status.ToString()),
                    Printer.Esc(r.RequestedBy), $"{r.Approvals.Count}/{r.RequiredApprovals}");
            }

            ctx.Out.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
