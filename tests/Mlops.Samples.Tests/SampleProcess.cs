using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Mlops.Samples.Tests;

/// <summary>
/// A sample app started as its own process (<c>dotnet Sample.dll</c>) on a free loopback port: Kestrel binds port 0 and the
/// address is read from its "Now listening on" log line. Disposing kills the whole process tree, also when a test failed.
/// </summary>
public sealed partial class SampleProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SampleProcess(Process process) => _process = process;

    /// <summary>Everything the process printed so far (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="assembly"/> from the test's output folder (its content root: appsettings.json is there).</summary>
    public static async Task<(SampleProcess Process, HttpClient Client)> StartAsync(string assembly, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Logging__Console__FormatterName"] = "simple" },
        };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add("http://127.0.0.1:0");
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var sample = new SampleProcess(process);
        process.OutputDataReceived += (_, e) => sample.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => sample.OnLine(e.Data);
        process.Exited += (_, _) => sample._listening.TrySetException(
            new InvalidOperationException($"{assembly} exited with code {process.ExitCode} before it listened:\n{sample.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // Seeding trains a model before Kestrel listens; a slow, busy machine gets two minutes.
            var address = await sample._listening.Task.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
            return (sample, new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) });
        }
        catch
        {
            await sample.DisposeAsync();
            throw;
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
