using System.Diagnostics;
using System.Text;

namespace Mlops.Packaging.Tests;

/// <summary>The result of one <c>dotnet</c> command: its exit code and everything it wrote.</summary>
public sealed record DotnetResult(string Command, int ExitCode, string Output)
{
    public override string ToString() => $"`dotnet {Command}` exited with {ExitCode}:{Environment.NewLine}{Output}";
}

/// <summary>Runs the <c>dotnet</c> CLI as a child process with a clean MSBuild environment.</summary>
internal static class DotnetProcess
{
    public static async Task<DotnetResult> RunAsync(
        string workingDirectory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The test host may run under variables set by the outer `dotnet test` (MSBuild's own paths, node reuse); a child
        // build must find its SDK the way a developer's shell would.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        // WaitForExitAsync returns after the redirected streams reached end of file, so the output is complete here.
        lock (output)
        {
            return new DotnetResult(string.Join(' ', arguments), process.ExitCode, output.ToString());
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
