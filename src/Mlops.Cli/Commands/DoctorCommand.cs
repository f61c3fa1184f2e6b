using System.CommandLine;
using Mlops.Artifacts;
using Mlops.Cli.Connection;
using Mlops.Cli.Output;
using Spectre.Console;
using Mlops.Journal;
using Mlops.Registry;
using Mlops.Storage;

namespace Mlops.Cli.Commands;

/// <summary>
/// <c>mlops doctor</c>: configuration, store (reachable, schema version), journal (verifies), artifacts (the folder and every
/// model version's file readable). Exits 1 when any check fails; the checks after a failed open are skipped, not passed.
/// </summary>
internal static class DoctorCommand
{
    private sealed record Check(string Name, bool Ok, string Detail);

    public static Command Create(CliOptions o)
    {
        var command = new Command("doctor", "Checks the configuration and the store's health.");
        Actions.Set(command, o, async ctx =>
        {
            var checks = new List<Check>();
            StoreSettings settings;
            try
            {
                settings = ctx.Settings();
                checks.Add(new("configuration", true, $"{settings.Provider} {settings.Display} (from {settings.Source}); artifacts {settings.ArtifactsPath}"));
            }
            catch (CliUsageException e)
            {
                checks.Add(new("configuration", false, e.Message));
                return Report(ctx, checks);
            }

            MlopsSession session;
            try
            {
                session = await ctx.OpenAsync(settings).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                checks.Add(new("store", false, Actions.Describe(e).Message));
                return Report(ctx, checks);
            }

            await using (session.ConfigureAwait(false))
            {
                var store = session.Get<IMlopsStore>();
                var version = await store.GetSchemaVersionAsync(ctx.CancellationToken).ConfigureAwait(false);
                checks.Add(new("store", true, $"{store.ProviderName} reachable, schema version {version}"));

                var journal = await session.Get<IJournal>().VerifyAsync(ctx.CancellationToken).ConfigureAwait(false);
                checks.Add(journal.IsValid
                    ? new("journal", true, $"verified: {journal.EntriesChecked} entries, head {journal.Head?.Sequence ?? 0}")
                    : new("journal", false, $"broken at entry {journal.FirstBrokenSequence}: {journal.Problem}"));

                checks.Add(await CheckArtifactsAsync(session, ctx.CancellationToken).ConfigureAwait(false));
            }

            return Report(ctx, checks);
        });
        return command;
    }

    private static async Task<Check> CheckArtifactsAsync(MlopsSession session, CancellationToken cancellationToken)
    {
        var folder = session.Settings.ArtifactsPath;
        if (!Directory.Exists(folder))
        {
            return new("artifacts", false, $"the folder '{folder}' does not exist");
        }

        var registry = session.Get<IModelRegistry>();
        var artifacts = session.Get<IArtifactStore>();
        int checkedCount = 0;
        var problems = new List<string>();
        foreach (var model in await registry.ListModelsAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var version in await registry.ListVersionsAsync(model.Name, cancellationToken).ConfigureAwait(false))
            {
                checkedCount++;
                try
                {
                    var stream = await artifacts.OpenReadAsync(version.ArtifactDigest, cancellationToken).ConfigureAwait(false);
                    await using (stream.ConfigureAwait(false))
                    {
                        await stream.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (e is MlopsException or IOException or UnauthorizedAccessException)
                {
                    problems.Add($"{version.Uri}: {e.Message}");
                }
            }
        }

        return problems.Count == 0
            ? new("artifacts", true, $"'{folder}' readable; {checkedCount} model version file(s) read and verified")
            : new("artifacts", false, $"{problems.Count} of {checkedCount} model version file(s) unreadable: {string.Join("; ", problems.Take(5))}");
    }

    private static int Report(CommandContext ctx, List<Check> checks)
    {
        var healthy = checks.All(c => c.Ok);
        if (ctx.Json)
        {
            ctx.Out.WriteJson(new { healthy, checks });
        }
        else
        {
            var table = Printer.Table("Check", "Result", "Detail");
            foreach (var c in checks)
            {
                table.AddRow(Printer.Esc(c.Name), c.Ok ? "[green]ok[/]" : "[red]FAIL[/]", Printer.Esc(c.Detail));
            }

            ctx.Out.Write(table);
        }

        return healthy ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
