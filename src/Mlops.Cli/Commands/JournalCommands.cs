using System.CommandLine;
using System.Text.Json;
using Mlops.Cli.Output;
using Spectre.Console;
using Mlops.Governance;
using Mlops.Journal;
using Mlops.Storage;

namespace Mlops.Cli.Commands;

/// <summary><c>mlops journal verify|export|tail</c>, through <see cref="IJournal"/> and <see cref="IAuditLog"/>.</summary>
internal static class JournalCommands
{
    public static Command Create(CliOptions o)
    {
        var journal = new Command("journal", "The hash-chained journal: verify, export, tail.");
        journal.Subcommands.Add(Verify(o));
        journal.Subcommands.Add(Export(o));
        journal.Subcommands.Add(Tail(o));
        return journal;
    }

    private static object? HeadJson(JournalHead? head) => head is null ? null : new { head.Sequence, head.Hash };

    private static Command Verify(CliOptions o)
    {
        var command = new Command("verify", "Recomputes the hash chain; exits 1 when an entry was altered, removed or reordered.");
        Actions.Set(command, o, async ctx =>
        {
            await using var session = await ctx.OpenAsync().ConfigureAwait(false);
            var result = await session.Get<IJournal>().VerifyAsync(ctx.CancellationToken).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.Out.WriteJson(new
                {
                    valid = result.IsValid,
                    result.EntriesChecked,
                    result.FirstBrokenSequence,
                    result.Problem,
                    head = HeadJson(result.Head),
                });
            }
            else if (result.IsValid)
            {
                ctx.Out.Line($"[green]Journal verified[/]: {result.EntriesChecked} entries, head {result.Head?.Sequence ?? 0}.");
            }
            else
            {
                ctx.Out.Line($"[red]Journal broken[/] at entry {result.FirstBrokenSequence}: {Printer.Esc(result.Problem)}");
            }

            return result.IsValid ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    private static Command Export(CliOptions o)
    {
        var output = new Option<string>("--output", "-o") { Description = "The audit bundle file to write.", Required = true };
        var command = new Command("export", "Writes an offline-verifiable audit bundle of the whole journal.");
        command.Options.Add(output);
        Actions.Set(command, o, async ctx =>
        {
            var path = Path.GetFullPath(ctx.Value(output));
            if (Path.GetDirectoryName(path) is { } folder && !Directory.Exists(folder))
            {
                throw new CliUsageException("--output", ctx.Value(output), "its folder does not exist.");
            }

            await using var session = await ctx.OpenAsync().ConfigureAwait(false);
            AuditBundleSummary summary;
            var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
            await using (file.ConfigureAwait(false))
            {
                summary = await session.Get<IAuditLog>().ExportBundleAsync(file, ctx.CancellationToken).ConfigureAwait(false);
            }

            if (ctx.Json)
            {
                ctx.Out.WriteJson(new { path, entries = summary.EntryCount, head = HeadJson(summary.Head), summary.ExportedAt, summary.ExportedBy });
            }
            else
            {
                ctx.Out.Line($"[green]Exported[/] {summary.EntryCount} entries (head {summary.Head?.Sequence ?? 0}) to {Printer.Esc(path)}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Tail(CliOptions o)
    {
        var count = new Option<int>("--count", "-n") { Description = "How many of the latest entries (1-10000).", DefaultValueFactory = _ => 20 };
        var kind = new Option<string[]>("--kind") { Description = "Only entries of this kind (repeatable), e.g. registry.alias.set.", DefaultValueFactory = _ => [] };
        var subject = new Option<string?>("--subject") { Description = "Only entries about this subject (and below it)." };
        var command = new Command("tail", "The latest journal entries, oldest of them first.");
        command.Options.Add(count);
        command.Options.Add(kind);
        command.Options.Add(subject);
        Actions.Set(command, o, async ctx =>
        {
            var n = ctx.Value(count);
            if (n is < 1 or > 10_000)
            {
                throw new CliUsageException("--count", n.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be between 1 and 10000.");
            }

            await using var session = await ctx.OpenAsync().ConfigureAwait(false);
            IReadOnlyList<JournalEntry> entries;
            if (ctx.Value(kind).Length == 0 && ctx.Value(subject) is null)
            {
                var head = await session.Get<IJournalStore>().GetJournalHeadAsync(ctx.CancellationToken).ConfigureAwait(false);
                entries = head is null ? [] : await session.Get<IJournal>().ReadAsync(Math.Max(1, head.Sequence - n + 1), n, ctx.CancellationToken).ConfigureAwait(false);
            }
            else
            {
                entries = await LatestMatchingAsync(session.Get<IJournal>(),
                    new JournalQuery { Kinds = ctx.Value(kind) is { Length: > 0 } k ? k : null, Subject = ctx.Value(subject) }, n, ctx.CancellationToken);
            }

            if (ctx.Json)
            {
                ctx.Out.WriteJson(new
                {
                    entries = entries.Select(e => new { e.Sequence, e.Timestamp, e.Kind, e.Subject, e.Actor, Payload = Payload(e.Payload), e.Hash }),
                });
                return ExitCodes.Ok;
            }

            var table = Printer.Table("#", "Time", "Kind", "Subject", "Actor");
            foreach (var e in entries)
            {
                table.AddRow(e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), Printer.Time(e.Timestamp),
                    Printer.Esc(e.Kind), Printer.Esc(e.Subject), Printer.Esc(e.Actor));
            }

            ctx.Out.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Pages through the matches (queries read oldest first) keeping only the last <paramref name="count"/>.</summary>
    private static async Task<IReadOnlyList<JournalEntry>> LatestMatchingAsync(IJournal journal, JournalQuery query, int count, CancellationToken cancellationToken)
    {
        const int Page = 10_000;
        var window = new Queue<JournalEntry>(count);
        var after = 0L;
        while (true)
        {
            var page = await journal.QueryAsync(query with { AfterSequence = after, MaxResults = Page }, cancellationToken);
            foreach (var entry in page)
            {
                if (window.Count == count)
                {
                    window.Dequeue();
                }

                window.Enqueue(entry);
            }

            if (page.Count < Page)
            {
                return [.. window];
            }

            after = page[^1].Sequence;
        }
    }

    private static JsonElement Payload(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(payload);
        }
    }
}
