using System.Globalization;
using System.Reflection;
using System.Threading.Channels;
using Mlops.Tests.Shared;

namespace Mlops.Fleet.Tests.TestSupport;

/// <summary>
/// One tests/Mlops.FleetNode process, driven through its stdin/stdout line protocol (see its Program.cs). Every stdout
/// line is read as it comes, so waits are event-driven; a node still running at disposal is killed, so a failed test
/// leaves no orphan.
/// </summary>
internal sealed class FleetNodeProcess : IAsyncDisposable
{
    private readonly Channel<LiveLine> _live = Channel.CreateUnbounded<LiveLine>();
    private readonly Channel<string> _replies = Channel.CreateUnbounded<string>();
    private readonly NodeProcess _node;

    private FleetNodeProcess(string name, IEnumerable<string> arguments)
    {
        Name = name;
        _node = NodeProcess.Start(name, NodeDll, arguments, Read, () =>
        {
            _live.Writer.TryComplete();
            _replies.Writer.TryComplete();
        });
    }

    public string Name { get; }

    /// <summary>What the node wrote to stderr so far (its warnings and errors), for failure messages.</summary>
    public string Stderr => _node.Stderr;

    /// <summary>The node's own output assembly, from the path the build baked into this test assembly.</summary>
    public static string NodeDll => typeof(FleetNodeProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "FleetNodePath").Value!;

    public static FleetNodeProcess Start(string name, string connectionString, string artifacts, string temp, string model, string alias) =>
        new(name, [connectionString, artifacts, temp, model, alias, name]);

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

        await _node.WaitForCleanExitAsync(cancellationToken);
        var words = reply.Split(' ');
        return new NodeTotals(long.Parse(words[1], CultureInfo.InvariantCulture), long.Parse(words[2], CultureInfo.InvariantCulture), failures);
    }

    public ValueTask DisposeAsync() => _node.DisposeAsync();

    private Task SendAsync(string command, CancellationToken cancellationToken) => _node.SendAsync(command, cancellationToken);

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

    private void Read(string line)
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

    private string ExitCode() => _node.ExitCode;
}

/// <summary>A node's report that a new version answered: the version, when (Stopwatch timestamp) and the successes so far.</summary>
internal sealed record LiveLine(int Version, long Timestamp, long Predictions);

/// <summary>A node's totals at stop.</summary>
internal sealed record NodeTotals(long Predictions, long Failures, IReadOnlyList<string> FailureMessages);
