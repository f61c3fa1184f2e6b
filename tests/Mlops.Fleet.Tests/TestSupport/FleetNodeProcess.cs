using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Threading.Channels;

namespace Mlops.Fleet.Tests.TestSupport;

/// <summary>
/// One tests/Mlops.FleetNode process, driven through its stdin/stdout line protocol (see its Program.cs). Every stdout
/// line is read as it comes, so waits are event-driven; a node still running at disposal is killed, so a failed test
/// leaves no orphan.
/// </summary>
internal sealed class FleetNodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<LiveLine> _live = Channel.CreateUnbounded<LiveLine>();
    private readonly Channel<string> _replies = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _stderr = new();
    private readonly Task _reading;

    private FleetNodeProcess(string name, Process process)
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
        _reading = Task.Run(ReadStdoutAsync);
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

    /// <summary>The node's own output assembly, from the path the build baked into this test assembly.</summary>
    public static string NodeDll => typeof(FleetNodeProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "FleetNodePath").Value!;

    public static FleetNodeProcess Start(string name, string connectionString, string artifacts, string temp, string model, string alias)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { NodeDll, connectionString, artifacts, temp, model, alias, name })
        {
            info.ArgumentList.Add(arg);
        }

        return new FleetNodeProcess(name, Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>The next change of the version that answers the node's predictions.</summary>
    public async Task<LiveLine> NextLiveAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _live.Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"{Name} ended its output (exit code {ExitCode()}) while a version change was awaited. stderr:\n{Stderr}");
        }
    }

    /// <summary>Version changes reported but not yet taken by <see cref="NextLiveAsync"/>.</summary>
    public IReadOnlyList<LiveLine> UnreadLive()
    {
        var lines = new List<LiveLine>();
        while (_live.Reader.TryRead(out var line))
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>Successful predictions of the node that returned at a timestamp in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public async Task<int> CountAsync(long from, long to, CancellationToken cancellationToken)
    {
        await SendAsync(string.Create(CultureInfo.InvariantCulture, $"count {from} {to}"), cancellationToken);
        var reply = await ReplyAsync("COUNT", cancellationToken);
        return int.Parse(reply.Split(' ')[3], CultureInfo.InvariantCulture);
    }

    /// <summary>Stops the node: its totals and first failure messages, once it exited 0.</summary>
    public async Task<NodeTotals> StopAsync(CancellationToken cancellationToken)
    {
        await SendAsync("stop", cancellationToken);
        var failures = new List<string>();
        string reply;
        while ((reply = await ReplyAsync("FAILURE", "TOTALS", cancellationToken)).StartsWith("FAILURE ", StringComparison.Ordinal))
        {
            failures.Add(reply["FAILURE ".Length..]);
        }

        await _process.WaitForExitAsync(cancellationToken);
        await _reading;
        if (_process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}. stderr:\n{Stderr}");
        }

        var words = reply.Split(' ');
        return new NodeTotals(long.Parse(words[1], CultureInfo.InvariantCulture), long.Parse(words[2], CultureInfo.InvariantCulture), failures);
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

    private async Task SendAsync(string command, CancellationToken cancellationToken)
    {
        await _process.StandardInput.WriteLineAsync(command.AsMemory(), cancellationToken);
        await _process.StandardInput.FlushAsync(cancellationToken);
    }

    private async Task<string> ReplyAsync(string kind, CancellationToken cancellationToken) => await ReplyAsync(kind, kind, cancellationToken);

    private async Task<string> ReplyAsync(string kind, string otherKind, CancellationToken cancellationToken)
    {
        string reply;
        try
        {
            reply = await _replies.Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"{Name} ended its output (exit code {ExitCode()}) while {kind} was awaited. stderr:\n{Stderr}");
        }

        return reply.StartsWith(kind + " ", StringComparison.Ordinal) || reply.StartsWith(otherKind + " ", StringComparison.Ordinal)
            ? reply
            : throw new InvalidOperationException($"{Name} replied '{reply}' where {kind} was expected.");
    }

    private async Task ReadStdoutAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("LIVE ", StringComparison.Ordinal))
                {
                    var words = line.Split(' ');
                    _live.Writer.TryWrite(new LiveLine(
                        int.Parse(words[1], CultureInfo.InvariantCulture),
                        long.Parse(words[2], CultureInfo.InvariantCulture),
                        long.Parse(words[3], CultureInfo.InvariantCulture)));
                }
                else
                {
                    _replies.Writer.TryWrite(line);
                }
            }
        }
        finally
        {
            _live.Writer.TryComplete();
            _replies.Writer.TryComplete();
        }
    }

    private string ExitCode() => _process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "still running";
}

/// <summary>A node's report that a new version answered: the version, when (Stopwatch timestamp) and the successes so far.</summary>
internal sealed record LiveLine(int Version, long Timestamp, long Predictions);

/// <summary>A node's totals at stop.</summary>
internal sealed record NodeTotals(long Predictions, long Failures, IReadOnlyList<string> FailureMessages);
