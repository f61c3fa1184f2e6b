using System.Reflection;
using System.Threading.Channels;
using Mlops.Tests.Shared;

namespace Mlops.Pipelines.Fleet.Tests;

/// <summary>
/// One tests/Mlops.PipelinesFleetNode process, driven through its stdin/stdout line protocol (see its Program.cs). Every
/// stdout line but READY goes into one channel shared by the fleet, so waits are event-driven.
/// </summary>
internal sealed class PipelineNodeProcess : IAsyncDisposable
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly NodeProcess _node;

    private PipelineNodeProcess(string name, IEnumerable<string> arguments, ChannelWriter<(string Node, string Line)> lines)
    {
        Name = name;
        _node = NodeProcess.Start(
            name,
            NodeDll,
            arguments,
            line =>
            {
                if (line == "READY")
                {
                    _ready.TrySetResult();
                }
                else
                {
                    lines.TryWrite((name, line));
                }
            },
            () => _ready.TrySetException(new InvalidOperationException($"{name} ended its output before READY. stderr:\n{_node?.Stderr}")));
    }

    public string Name { get; }

    public Task Ready => _ready.Task;

    public string Stderr => _node.Stderr;

    private static string NodeDll => typeof(PipelineNodeProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "FleetNodePath").Value!;

    public static PipelineNodeProcess Start(string name, string connectionString, string artifacts, string cron, ChannelWriter<(string Node, string Line)> lines) =>
        new(name, [connectionString, artifacts, name, cron], lines);

    /// <summary>Stops the node's host (its executions end or are released) and waits for exit code 0.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _node.SendAsync("stop", cancellationToken);
        await _node.WaitForCleanExitAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _node.DisposeAsync();
}
