using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Mlops.Tests.Shared;

/// <summary>
/// A test node program run as <c>dotnet node.dll args…</c>: every stdout line goes to <c>onLine</c> as it comes (so
/// waits are event-driven), stderr is kept for failure messages, commands go in on stdin, and a node still running at
/// disposal is killed, so a failed test leaves no orphan. The fleet tests wrap it with their node's line protocol.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Task _reading;

    private NodeProcess(string name, Process process, Action<string> onLine, Action onEnd)
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
                    onLine(line);
                }
            }
            finally
            {
                onEnd();
            }
        });
    }

    public string Name { get; }

    /// <summary>What the node wrote to stderr so far (its warnings and errors), for failure messages.</summary>
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

    /// <summary>The exit code, or "still running".</summary>
    public string ExitCode => _process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "still running";

    /// <summary>Starts <c>dotnet <paramref name="dll"/> <paramref name="arguments"/></c>; <paramref name="onEnd"/> runs once stdout ends.</summary>
    public static NodeProcess Start(string name, string dll, IEnumerable<string> arguments, Action<string> onLine, Action onEnd)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return new NodeProcess(name, Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"), onLine, onEnd);
    }

    /// <summary>Writes one command line to the node's stdin.</summary>
    public async Task SendAsync(string command, CancellationToken cancellationToken)
    {
        await _process.StandardInput.WriteLineAsync(command.AsMemory(), cancellationToken);
        await _process.StandardInput.FlushAsync(cancellationToken);
    }

    /// <summary>Waits for the node to exit and its output to be read; throws unless it exited 0.</summary>
    public async Task WaitForCleanExitAsync(CancellationToken cancellationToken)
    {
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
            _process.Kill(entireProcessTree: true); // a no-op for a node that already exited
        }
        catch (InvalidOperationException)
        {
            // Exited between the runtime's check and the kill.
        }

        await _process.WaitForExitAsync();
        await _reading;
        _process.Dispose();
    }
}
