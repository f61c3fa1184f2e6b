using System.CommandLine;
using System.Data.Common;
using Microsoft.Extensions.Options;
using Mlops.Cli.Connection;
using Mlops.Cli.Output;
using Mlops.Search;
using Spectre.Console;

namespace Mlops.Cli.Commands;

/// <summary>
/// Binds a command to its action and turns every failure into a one-line message on stderr and a documented exit code;
/// a stack trace only with --verbose, for errors that are bugs.
/// </summary>
internal static class Actions
{
    public static void Set(Command command, CliOptions options, Func<CommandContext, Task<int>> action) =>
        command.SetAction(async (result, cancellationToken) =>
        {
            var json = result.GetValue(options.Json);
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
            if (Console.IsOutputRedirected)
            {
                console.Profile.Width = 200;
            }

            var context = new CommandContext(result, options, new Printer(console, Console.Out, Console.Error, json), cancellationToken);
            try
            {
                return await action(context).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var (code, message) = Describe(Unwrap(e));
                await Console.Error.WriteLineAsync($"error: {message}").ConfigureAwait(false);
                if (code == ExitCodes.Internal && result.GetValue(options.Verbose))
                {
                    await Console.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
                }

                return code;
            }
        });

    private static Exception Unwrap(Exception e) => e is AggregateException { InnerExceptions.Count: 1 } a ? Unwrap(a.InnerExceptions[0]) : e;

    internal static (int Code, string Message) Describe(Exception e) => e switch
    {
        CliUsageException or MlopsValidationException or SearchParseException => (ExitCodes.Usage, e.Message),
        CliStoreNotFoundException or MlopsNotFoundException => (ExitCodes.NotFound, e.Message),
        MlopsConflictException or MlopsPolicyDeniedException or MlopsPermissionDeniedException => (ExitCodes.Refused, e.Message),
        OptionsValidationException o => (ExitCodes.Store, $"invalid configuration: {string.Join("; ", o.Failures)}"),
        MlopsException or DbException or IOException or UnauthorizedAccessException => (ExitCodes.Store, e.Message),
        ArgumentException => (ExitCodes.Usage, e.Message),
        OperationCanceledException => (130, "cancelled."),
        _ => (ExitCodes.Internal, $"unexpected {e.GetType().Name}: {e.Message} (rerun with --verbose for the stack trace)"),
    };
}
