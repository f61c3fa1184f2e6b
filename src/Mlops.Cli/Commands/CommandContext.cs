using System.CommandLine;
using Mlops.Cli.Connection;
using Mlops.Cli.Output;

namespace Mlops.Cli.Commands;

/// <summary>What a command's action works with: its parse result, the printer, and a way to open the store.</summary>
internal sealed class CommandContext(ParseResult result, CliOptions options, Printer printer, CancellationToken cancellationToken)
{
    public ParseResult Result { get; } = result;

    public CliOptions Options { get; } = options;

    public Printer Out { get; } = printer;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public bool Json => Out.Json;

    public T Value<T>(Option<T> option) => Result.GetValue(option)!;

    public T Value<T>(Argument<T> argument) => Result.GetValue(argument)!;

    public StoreSettings Settings() => StoreResolver.Resolve(Result, Options);

    public Task<MlopsSession> OpenAsync(bool create = false) => OpenAsync(Settings(), create);

    public Task<MlopsSession> OpenAsync(StoreSettings settings, bool create = false) =>
        MlopsSession.OpenAsync(settings, Result.GetValue(Options.Actor), create, CancellationToken);
}
