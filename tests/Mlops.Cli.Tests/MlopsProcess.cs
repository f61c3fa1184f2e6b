using System.Diagnostics;
using System.Text.Json;

namespace Mlops.Cli.Tests;

/// <summary>What one run of the tool printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Stdout);
        return document.RootElement.Clone();
    }

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>Runs the built tool as a real process: <c>dotnet mlops.dll ...</c> from this test's output folder.</summary>
public static class MlopsProcess
{
    public static readonly string ToolPath = Path.Combine(AppContext.BaseDirectory, "mlops.dll");

    public static Task<CliResult> RunAsync(params string[] args) => RunInAsync(Path.GetTempPath(), args);

    /// <summary>Runs the tool with <paramref name="workingDirectory"/> as its current folder (where ./.mlops is looked for).</summary>
    public static async Task<CliResult> RunInAsync(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(ToolPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The operating-system user is the default actor; tests name actors explicitly where it matters.
        info.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
