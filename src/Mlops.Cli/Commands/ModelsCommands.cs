using System.CommandLine;
using Mlops.Cli.Output;
using Spectre.Console;
using Mlops.Registry;

namespace Mlops.Cli.Commands;

/// <summary><c>mlops models list|show|versions|alias set</c>, through <see cref="IModelRegistry"/>.</summary>
internal static class ModelsCommands
{
    public static Command Create(CliOptions o)
    {
        var models = new Command("models", "Registered models: list, show, versions, alias set.");
        models.Subcommands.Add(List(o));
        models.Subcommands.Add(Show(o));
        models.Subcommands.Add(Versions(o));
        var alias = new Command("alias", "Model aliases (e.g. champion).");
        alias.Subcommands.Add(AliasSet(o));
        models.Subcommands.Add(alias);
        return models;
    }

    private static object ModelJson(RegisteredModel m) => new
    {
        m.Name,
        m.Description,
        m.LatestVersion,
        Aliases = new SortedDictionary<string, int>(m.Aliases.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal), StringComparer.Ordinal),
        Tags = new SortedDictionary<string, string>(m.Tags.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal), StringComparer.Ordinal),
        m.CreatedAt,
        m.UpdatedAt,
        m.CreatedBy,
    };

    private static object VersionJson(ModelVersion v) => new
    {
        Name = v.ModelName,
        v.Version,
        v.Uri,
        v.Flavor,
        Status = v.Status.ToString(),
        v.RunId,
        v.Aliases,
        v.ArtifactDigest,
        v.ArtifactLength,
        v.Source,
        v.Description,
        Tags = new SortedDictionary<string, string>(v.Tags.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal), StringComparer.Ordinal),
        v.CreatedAt,
        v.CreatedBy,
    };

    private static string Aliases(IReadOnlyDictionary<string, int> aliases) =>
        string.Join(", ", aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}→v{a.Value}"));

    private static Command List(CliOptions o)
    {
        var command = new Command("list", "Every registered model with its latest version and aliases.");
        Actions.Set(command, o, async ctx =>
        {
            await using var session = await ctx.OpenAsync().ConfigureAwait(false);
            var models = await session.Get<IModelRegistry>().ListModelsAsync(ctx.CancellationToken).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.Out.WriteJson(new { models = models.Select(ModelJson) });
                return ExitCodes.Ok;
            }

            var table = Printer.Table("Name", "Latest", "Aliases", "Updated", "Description");
            foreach (var m in models)
            {
                table.AddRow(Printer.Esc(m.Name), $"v{m.LatestVersion}", Printer.Esc(Aliases(m.Aliases)), Printer.Time(m.UpdatedAt), Printer.Esc(m.Description));
            }

            ctx.Out.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliOptions o)
    {
        var name = new Argument<string>("name") { Description = "The model's name." };
        var command = new Command("show", "One model: description, tags, aliases and its versions.");
        command.Arguments.Add(name);
        Actions.Set(command, o, async ctx =>
        {
            await using var session = await ctx.OpenAsync().ConfigureAwait(false);
            var registry = session.Get<IModelRegistry>();
            var model = await registry.GetModelAsync(ctx.Value(name), ctx.CancellationToken).ConfigureAwait(false);
            var versions = await registry.ListVersionsAsync(model.Name, ctx.CancellationToken).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.Out.WriteJson(new { model = ModelJson(model), versions = versions.Select(VersionJson) });
                return ExitCodes.Ok;
            }

            var details = Printer.Table("Field", "Value");
            details.AddRow("Name", Printer.Esc(model.Name));
            details.AddRow("Description", Printer.Esc(model.Description));
            details.AddRow("Latest version", $"v{model.LatestVersion}");
            details.AddRow("Aliases", Printer.Esc(Aliases(model.Aliases)));
            details.AddRow("Tags", Printer.Esc(string.Join(", ", model.Tags.Select(t => $"{t.Key}={t.Value}"))));
            details.AddRow("Created", $"{Printer.Time(model.CreatedAt)} by {Printer.Esc(model.CreatedBy)}");
            ctx.Out.Write(details);
            ctx.Out.Write(VersionTable(versions));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Spectre.Console.Table VersionTable(IEnumerable<ModelVersion> versions)
    {
        var table = Printer.Table("Version", "Status", "Flavor", "Aliases", "Run", "Created", "By");
        foreach (var v in versions)
        {
            table.AddRow($"v{v.Version}", v.Status.ToString(), Printer.Esc(v.Flavor), Printer.Esc(string.Join(", ", v.Aliases)),
                Printer.Esc(v.RunId), Printer.Time(v.CreatedAt), Printer.Esc(v.CreatedBy));
        }

        return table;
    }

    private static Command Versions(CliOptions o)
    {
        var name = new Argument<string>("name") { Description = "The model's name." };
        var command = new Command("versions", "A model's versions, oldest first.");
        command.Arguments.Add(name);
        Actions.Set(command, o, async ctx =>
        {
            await using var session = await ctx.OpenAsync().ConfigureAwait(false);
            var versions = await session.Get<IModelRegistry>().ListVersionsAsync(ctx.Value(name), ctx.CancellationToken).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.Out.WriteJson(new { versions = versions.Select(VersionJson) });
                return ExitCodes.Ok;
            }

            ctx.Out.Write(VersionTable(versions));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command AliasSet(CliOptions o)
    {
        var name = new Argument<string>("name") { Description = "The model's name." };
        var alias = new Argument<string>("alias") { Description = "The alias, e.g. champion." };
        var version = new Argument<int>("version") { Description = "The version the alias points to." };
        var reason = new Option<string?>("--reason") { Description = "Why, recorded in the journal." };
        var command = new Command("set", "Points an alias at a version (promotion policies of the store apply).");
        command.Arguments.Add(name);
        command.Arguments.Add(alias);
        command.Arguments.Add(version);
        command.Options.Add(reason);
        Actions.Set(command, o, async ctx =>
        {
            await using var session = await ctx.OpenAsync().ConfigureAwait(false);
            var registry = session.Get<IModelRegistry>();
            await registry.SetAliasAsync(ctx.Value(name), ctx.Value(alias), ctx.Value(version), ctx.Value(reason), ctx.CancellationToken).ConfigureAwait(false);
            var resolved = await registry.ResolveAsync(ModelUri.ForAlias(ctx.Value(name), ctx.Value(alias)).ToString(), ctx.CancellationToken).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.Out.WriteJson(new { name = resolved.ModelName, alias = ctx.Value(alias), version = resolved.Version, uri = resolved.Uri });
                return ExitCodes.Ok;
            }

            ctx.Out.Line($"[green]{Printer.Esc(resolved.ModelName)}@{Printer.Esc(ctx.Value(alias))}[/] → v{resolved.Version}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
