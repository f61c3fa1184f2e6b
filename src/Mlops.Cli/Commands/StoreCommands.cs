using System.CommandLine;
using Mlops.Cli.Connection;
using Mlops.Cli.Output;
using Mlops.Storage;
using Spectre.Console;

namespace Mlops.Cli.Commands;

/// <summary>
/// <c>mlops store export|import</c>: copies a whole store (rows, journal, artifacts) between SQLite and PostgreSQL through
/// <see cref="MlopsStoreCopy"/>, which checks the source journal first and verifies the target's after committing.
/// </summary>
internal static class StoreCommands
{
    public static Command Create(CliOptions o)
    {
        var store = new Command("store", "Copies between stores (SQLite ⇄ PostgreSQL).");
        store.Subcommands.Add(Copy(o, "export", "--to", "Copies the connected store into another (empty) store."));
        store.Subcommands.Add(Copy(o, "import", "--from", "Copies another store into the connected (empty) store."));
        return store;
    }

    private static Command Copy(CliOptions o, string verb, string otherName, string description)
    {
        var other = new Option<string>(otherName)
        {
            Description = "The other store: a SQLite file path or a SQLite/PostgreSQL connection string.",
            Required = true,
        };
        var otherArtifacts = new Option<string?>(otherName + "-artifacts")
        {
            Description = "The other store's artifact folder (default: 'artifacts' next to a SQLite file).",
        };
        var command = new Command(verb, description);
        command.Options.Add(other);
        command.Options.Add(otherArtifacts);
        Actions.Set(command, o, async ctx =>
        {
            var connected = ctx.Settings();
            var cwd = Directory.GetCurrentDirectory();
            var (provider, connectionString) = StoreSettings.Parse(otherName, ctx.Value(other), cwd);
            var probe = new StoreSettings(provider, connectionString, "", otherName);
            var otherArtifactsPath = ctx.Value(otherArtifacts) is { } a ? Path.GetFullPath(a, cwd)
                : probe.SqliteFile is { } file ? Path.Combine(Path.GetDirectoryName(file)!, "artifacts")
                : throw new CliUsageException(otherName + "-artifacts", null, "name the artifact folder of a PostgreSQL store.");
            var otherSettings = probe with { ArtifactsPath = otherArtifactsPath };
            var (source, target) = verb == "export" ? (connected, otherSettings) : (otherSettings, connected);
            if (source.SqliteFile is { } s && target.SqliteFile is { } t && string.Equals(s, t, StringComparison.Ordinal))
            {
                throw new CliUsageException(otherName, ctx.Value(other), "is the connected store; a store cannot be copied into itself.");
            }

            await using var from = await ctx.OpenAsync(source).ConfigureAwait(false);
            await using var to = await ctx.OpenAsync(target, create: true).ConfigureAwait(false);
            var result = await CopyAsync(ctx, from, to).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.Out.WriteJson(new
                {
                    source = source.Display,
                    target = target.Display,
                    tables = result.Tables.Select(t => new { t.Table, t.Rows }),
                    result.TotalRows,
                    result.JournalEntries,
                    head = result.SourceHead is { } h ? new { h.Sequence, h.Hash } : null,
                    targetVerified = result.TargetVerification.IsValid,
                    result.ArtifactsCopied,
                    result.ArtifactsPresent,
                    result.ArtifactBytes,
                });
                return ExitCodes.Ok;
            }

            var table = Printer.Table("Table", "Rows");
            foreach (var row in result.Tables)
            {
                table.AddRow(Printer.Esc(row.Table), row.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            ctx.Out.Write(table);
            ctx.Out.Line($"[green]Copied[/] {result.TotalRows} rows, {result.JournalEntries} journal entries (target verified), "
                + $"{result.ArtifactsCopied} artifacts ({result.ArtifactBytes} bytes; {result.ArtifactsPresent} already present) "
                + $"from {Printer.Esc(source.Display)} to {Printer.Esc(target.Display)}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// Copies with progress: a live display on an interactive terminal (neither stdout nor stderr redirected, not CI);
    /// otherwise plain lines on stderr (see <see cref="ProgressLines"/>), so that stdout keeps only the result; nothing
    /// with --json.
    /// </summary>
    private static async Task<StoreCopyResult> CopyAsync(CommandContext ctx, MlopsSession from, MlopsSession to)
    {
        if (ctx.Json)
        {
            return await MlopsStoreCopy.CopyAsync(from.Services, to.Services, null, ctx.CancellationToken).ConfigureAwait(false);
        }

        if (!ctx.Out.Console.Profile.Capabilities.Interactive || Console.IsOutputRedirected || Console.IsErrorRedirected)
        {
            var lines = new ProgressLines(ctx.Out.Error);
            var copied = await MlopsStoreCopy.CopyAsync(from.Services, to.Services, lines, ctx.CancellationToken).ConfigureAwait(false);
            lines.Flush();
            return copied;
        }

        return await ctx.Out.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("starting").IsIndeterminate();
                var report = new SyncProgress(p => task.Description = Markup.Escape(Describe(p)));
                var result = await MlopsStoreCopy.CopyAsync(from.Services, to.Services, report, ctx.CancellationToken).ConfigureAwait(false);
                task.StopTask();
                return result;
            }).ConfigureAwait(false);
    }

    private static string Describe(StoreCopyProgress p) => p.Stage switch
    {
        "rows" => $"copying {p.Table}: {p.Count:N0} rows",
        "artifacts" => $"copying artifacts: {p.Count:N0}",
        "commit" => $"committing {p.Count:N0} rows",
        "verify" => $"verifying the target's journal ({p.Count:N0} entries)",
        _ => $"{p.Stage} {p.Table} {p.Count:N0}",
    };

    /// <summary>Reports on the copying thread, in order (<see cref="Progress{T}"/> posts to the thread pool, out of order).</summary>
    private sealed class SyncProgress(Action<StoreCopyProgress> report) : IProgress<StoreCopyProgress>
    {
        public void Report(StoreCopyProgress value) => report(value);
    }

    /// <summary>
    /// Plain progress for a redirected terminal: a table's line (and the artifacts' line) when the copy moves past it,
    /// with its final count, and every 100,000 rows (1,000 artifacts) inside it; one line per later stage.
    /// </summary>
    private sealed class ProgressLines(TextWriter error) : IProgress<StoreCopyProgress>
    {
        private StoreCopyProgress? _current;
        private long _printed;

        public void Report(StoreCopyProgress value)
        {
            if (value.Stage is "rows" or "artifacts")
            {
                if (_current is { } current && (current.Stage != value.Stage || current.Table != value.Table))
                {
                    Flush();
                }

                _current = value;
                if (value.Count - _printed >= (value.Stage == "rows" ? 100_000 : 1_000))
                {
                    error.WriteLine(Describe(value));
                    _printed = value.Count;
                }

                return;
            }

            Flush();
            error.WriteLine(Describe(value));
        }

        public void Flush()
        {
            if (_current is { } current && (current.Count != _printed || current.Count == 0))
            {
                error.WriteLine(Describe(current));
            }

            _current = null;
            _printed = 0;
        }
    }
}
