using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Threading.Channels;

namespace Mlops.Pipelines.Fleet.Tests;

/// <summary>
/// One tests/Mlops.PipelinesFleetNode process, driven through its stdin/stdout line protocol (see its Program.cs). Every
/// stdout line is read as it comes into one channel shared by the fleet, so waits are event-driven; a node still running
/// at disposal is killed, so a failed test leaves no orphan.
/// </summary>
internal sealed class PipelineNodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Task _reading;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PipelineNodeProcess(string name, Process process, ChannelWriter<(string Node, string Line)> lines)
    {
        Name = name;
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
        _reading = Task.Run(async () =>
        {
            try
            {
                while (await _process.StandardOutput.ReadLineAsync() is { } line)
                {
                    if (line == "READY")
                    {
                        _ready.TrySetResult();
                    }
                    else
                    {
                        lines.TryWrite((Name, line));
                    }
                }
            }
            finally
            {
                _ready.TrySetException(new InvalidOperationException($"{Name} ended its output before READY. stderr:\n{Stderr}"));
            }
        });
    }

    public string Name { get; }

    public Task Ready => _ready.Task;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    private static string NodeDll => typeof(PipelineNodeProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "FleetNodePath").Value!;

    public static PipelineNodeProcess Start(string name, string connectionString, string artifacts, string cron, ChannelWriter<(string Node, string Line)> lines)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { NodeDll, connectionString, artifacts, name, cron })
        {
            info.ArgumentList.Add(arg);
        }

        return new PipelineNodeProcess(name, Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"), lines);
    }

    /// <summary>Stops the node's host (its executions end or are released) and waits for exit code 0.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _process.StandardInput.WriteLineAsync("stop".AsMemory(), cancellationToken);
        await _process.StandardInput.FlushAsync(cancellationToken);
        await _process.WaitForExitAsync(cancellationToken);
        await _reading;
        if (_process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}. stderr:\n{Stderr}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }

        await _process.WaitForExitAsync();
        await _reading;
        _process.Dispose();
    }
}
