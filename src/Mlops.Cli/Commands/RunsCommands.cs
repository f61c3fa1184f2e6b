using System.CommandLine;
using Mlops.Cli.Output;
using Spectre.Console;
using Mlops.Tracking;

namespace Mlops.Cli.Commands;

/// <summary><c>mlops runs list|search|show|compare</c>, through <see cref="IExperimentTracker"/>.</summary>
internal static class RunsCommands
{
    public static Command Create(CliOptions o)
    {
        var runs = new Command("runs", "Tracked runs: list, search, show, compare.");
        runs.Subcommands.Add(List(o));
        runs.Subcommands.Add(Search(o));
        runs.Subcommands.Add(Show(o));
        runs.Subcommands.Add(Compare(o));
        return runs;
    }

    private static Option<string[]> ExperimentOption() => new("--experiment", "-e")
    {
        Description = "Only runs of this experiment (repeatable; default: every experiment).",
        DefaultValueFactory = _ => [],
    };

    private static Option<int> MaxOption() => new("--max")
    {
        Description = "The most runs to print (1-1000).",
        DefaultValueFactory = _ => 50,
    };

    private static Command List(CliOptions o)
    {
        var experiment = ExperimentOption();
        var max = MaxOption();
        var command = new Command("list", "The latest runs, newest first.");
        command.Options.Add(experiment);
        command.Options.Add(max);
        Actions.Set(command, o, ctx => SearchAsync(ctx, ctx.Value(experiment), null, null, ctx.Value(max)));
        return command;
    }

    private static Command Search(CliOptions o)
    {
        var filter = new Argument<string>("filter")
        {
            Description = "A filter in the search language, e.g. \"metrics.accuracy > 0.9 and params.trainer = 'sdca'\".",
        };
        var orderBy = new Option<string[]>("--order-by")
        {
            Description = "An ordering term, e.g. \"metrics.accuracy DESC\" (repeatable).",
            DefaultValueFactory = _ => [],
        };
        var experiment = ExperimentOption();
        var max = MaxOption();
        var command = new Command("search", "Runs matching a filter.");
        command.Arguments.Add(filter);
        command.Options.Add(experiment);
        command.Options.Add(orderBy);
        command.Options.Add(max);
        Actions.Set(command, o, ctx => SearchAsync(ctx, ctx.Value(experiment), ctx.Value(filter), ctx.Value(orderBy), ctx.Value(max)));
        return command;
    }

    private static async Task<int> SearchAsync(CommandContext ctx, string[] experiments, string? filter, string[]? orderBy, int max)
    {
        if (max is < 1 or > 1000)
        {
            throw new CliUsageException("--max", max.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be between 1 and 1000.");
        }

        await using var session = await ctx.OpenAsync().ConfigureAwait(false);
        var tracker = session.Get<IExperimentTracker>();
        var all = await tracker.ListExperimentsAsync(ctx.CancellationToken).ConfigureAwait(false);
        var names = experiments.Length > 0 ? experiments : all.Select(e => e.Name).ToArray();
        var found = names.Length == 0
            ? []
            : (await tracker.SearchRunsAsync(
                new RunQuery(names) { Filter = filter, OrderBy = orderBy is { Length: > 0 } ? orderBy : null, MaxResults = max },
                ctx.CancellationToken).ConfigureAwait(false)).Runs;
        var experimentNames = all.ToDictionary(e => e.ExperimentId, e => e.Name, StringComparer.Ordinal);
        var runs = found.Select(r => RunJson.From(r, experimentNames)).ToList();
        if (ctx.Json)
        {
            ctx.Out.WriteJson(new { runs });
            return ExitCodes.Ok;
        }

        var table = Printer.Table("Run ID", "Name", "Experiment", "Status", "Started", "Metrics");
        foreach (var run in runs)
        {
            table.AddRow(Printer.Esc(run.RunId), Printer.Esc(run.RunName), Printer.Esc(run.Experiment), Printer.Esc(run.Status),
                Printer.Time(run.StartTime), Printer.Esc(string.Join(", ", run.Metrics.Take(4).Select(m => $"{m.Key}={Printer.Number(m.Value)}"))));
        }

        ctx.Out.Write(table);
        ctx.Out.Line($"[grey]{runs.Count} run(s)[/]");
        return ExitCodes.Ok;
    }

    private static Command Show(CliOptions o)
    {
        var runId = new Argument<string>("run-id") { Description = "The run to show." };
        var command = new Command("show", "One run: its parameters, latest metrics, tags, inputs and artifacts.");
        command.Arguments.Add(runId);
        Actions.Set(command, o, async ctx =>
        {
            await using var session = await ctx.OpenAsync().ConfigureAwait(false);
            var tracker = session.Get<IExperimentTracker>();
            var run = await tracker.GetRunAsync(ctx.Value(runId), ctx.CancellationToken).ConfigureAwait(false);
            var experiments = (await tracker.ListExperimentsAsync(ctx.CancellationToken).ConfigureAwait(false))
                .ToDictionary(e => e.ExperimentId, e => e.Name, StringComparer.Ordinal);
            var artifacts = await tracker.ListArtifactsAsync(run.RunId, null, ctx.CancellationToken).ConfigureAwait(false);
            var shown = RunJson.From(run, experiments);
            if (ctx.Json)
            {
                ctx.Out.WriteJson(new
                {
                    run = shown,
                    inputs = run.Inputs.Select(i => new { i.Name, i.Digest, i.Source, i.RowCount, i.Context }),
                    artifacts = artifacts.Select(a => new { a.Path, a.Digest, a.Length }),
                });
                return ExitCodes.Ok;
            }

            var details = Printer.Table("Field", "Value");
            details.AddRow("Run ID", Printer.Esc(shown.RunId));
            details.AddRow("Name", Printer.Esc(shown.RunName));
            details.AddRow("Experiment", Printer.Esc(shown.Experiment));
            details.AddRow("Status", Printer.Esc(shown.Status));
            details.AddRow("Started", Printer.Time(shown.StartTime));
            details.AddRow("Ended", Printer.Time(shown.EndTime));
            details.AddRow("User", Printer.Esc(shown.User));
            if (shown.ParentRunId is not null)
            {
                details.AddRow("Parent", Printer.Esc(shown.ParentRunId));
            }

            if (shown.Error is not null)
            {
                details.AddRow("Error", Printer.Esc(shown.Error));
            }

            ctx.Out.Write(details);
            var values = Printer.Table("Kind", "Key", "Value");
            foreach (var (key, value) in shown.Params)
            {
                values.AddRow("param", Printer.Esc(key), Printer.Esc(value));
            }

            foreach (var (key, value) in shown.Metrics)
            {
                values.AddRow("metric", Printer.Esc(key), Printer.Number(value));
            }

            foreach (var (key, value) in shown.Tags)
            {
                values.AddRow("tag", Printer.Esc(key), Printer.Esc(value));
            }

            foreach (var input in run.Inputs)
            {
                values.AddRow("input", Printer.Esc(input.Name), Printer.Esc($"{input.Context} {input.Digest}"));
            }

            foreach (var artifact in artifacts)
            {
                values.AddRow("artifact", Printer.Esc(artifact.Path), Printer.Esc($"{artifact.Length} bytes {artifact.Digest}"));
            }

            ctx.Out.Write(values);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Compare(CliOptions o)
    {
        var runIds = new Argument<string[]>("run-ids") { Description = "Two or more runs to compare.", Arity = new ArgumentArity(2, 20) };
        var command = new Command("compare", "Parameters and latest metrics of runs side by side; differing rows are marked.");
        command.Arguments.Add(runIds);
        Actions.Set(command, o, async ctx =>
        {
            await using var session = await ctx.OpenAsync().ConfigureAwait(false);
            var tracker = session.Get<IExperimentTracker>();
            var experiments = (await tracker.ListExperimentsAsync(ctx.CancellationToken).ConfigureAwait(false))
                .ToDictionary(e => e.ExperimentId, e => e.Name, StringComparer.Ordinal);
            var runs = new List<RunJson>();
            foreach (var id in ctx.Value(runIds))
            {
                runs.Add(RunJson.From(await tracker.GetRunAsync(id, ctx.CancellationToken).ConfigureAwait(false), experiments));
            }

            var paramKeys = runs.SelectMany(r => r.Params.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
            var metricKeys = runs.SelectMany(r => r.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
            var parameters = paramKeys.ToDictionary(k => k, k => runs.ToDictionary(r => r.RunId, r => r.Params.GetValueOrDefault(k)));
            var metrics = metricKeys.ToDictionary(k => k, k => runs.ToDictionary(r => r.RunId, r => r.Metrics.TryGetValue(k, out var v) ? v : (double?)null));
            var differing = paramKeys.Where(k => parameters[k].Values.Distinct().Count() > 1).Select(k => "params." + k)
                .Concat(metricKeys.Where(k => metrics[k].Values.Distinct().Count() > 1).Select(k => "metrics." + k)).ToList();
            if (ctx.Json)
            {
                ctx.Out.WriteJson(new { runs = runs.Select(r => r.RunId), @params = parameters, metrics, differing });
                return ExitCodes.Ok;
            }

            var table = Printer.Table(["Key", .. runs.Select(r => $"{r.RunName} ({r.RunId[..Math.Min(8, r.RunId.Length)]})")]);
            foreach (var key in paramKeys)
            {
                Row(table, "params." + key, differing, parameters[key].Values.Select(v => v ?? "—"));
            }

            foreach (var key in metricKeys)
            {
                Row(table, "metrics." + key, differing, metrics[key].Values.Select(v => v is { } d ? Printer.Number(d) : "—"));
            }

            ctx.Out.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Row(Spectre.Console.Table table, string key, List<string> differing, IEnumerable<string> values)
    {
        var marked = differing.Contains(key);
        table.AddRow([marked ? $"[yellow]{Printer.Esc(key)} *[/]" : Printer.Esc(key), .. values.Select(Printer.Esc)]);
    }
}
