using System.CommandLine;
using Mlops.Governance;

namespace Mlops.Cli.Commands;

/// <summary><c>mlops card show</c>, through <see cref="IModelCards"/>.</summary>
internal static class CardCommands
{
    public static Command Create(CliOptions o)
    {
        var card = new Command("card", "Model cards generated from the store.");
        var model = new Argument<string>("model")
        {
            Description = "The model version: models:/NAME/VERSION, models:/NAME@ALIAS, or NAME/VERSION, NAME@ALIAS.",
        };
        var format = new Option<string>("--format") { Description = "md (Markdown) or json.", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "json");
        var show = new Command("show", "Prints the model card of a version.");
        show.Arguments.Add(model);
        show.Options.Add(format);
        Actions.Set(show, o, async ctx =>
        {
            var uri = ctx.Value(model);
            uri = uri.StartsWith("models:/", StringComparison.Ordinal) ? uri : "models:/" + uri;
            await using var session = await ctx.OpenAsync().ConfigureAwait(false);
            var generated = await session.Get<IModelCards>().GenerateAsync(uri, ctx.CancellationToken).ConfigureAwait(false);
            ctx.Out.WriteText(ctx.Json || ctx.Value(format) == "json" ? generated.ToJson() : generated.ToMarkdown());
            return ExitCodes.Ok;
        });
        card.Subcommands.Add(show);
        return card;
    }
}
