using System.CommandLine;
using Mlops.Cli.Commands;

namespace Mlops.Cli;

/// <summary>The command tree; parse errors exit with <see cref="ExitCodes.Usage"/> before anything opens a store.</summary>
internal static class CliApp
{
    public static RootCommand Build()
    {
        var options = new CliOptions();
        var root = new RootCommand("mlops: inspect and operate a Mlops.Sdk store (runs, models, promotions, journal, model cards).");
        options.AddTo(root);
        root.Subcommands.Add(RunsCommands.Create(options));
        root.Subcommands.Add(ModelsCommands.Create(options));
        root.Subcommands.Add(JournalCommands.Create(options));
        root.Subcommands.Add(PromoteCommands.Create(options));
        root.Subcommands.Add(CardCommands.Create(options));
        root.Subcommands.Add(StoreCommands.Create(options));
        root.Subcommands.Add(DoctorCommand.Create(options));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var result = Build().Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync("Run 'mlops --help' (or 'mlops <command> --help') for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return await result.InvokeAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
