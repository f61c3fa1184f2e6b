using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mlops.Storage.PostgreSql.Tests.TestSupport;

/// <summary>
/// A loopback TCP proxy in front of a PostgreSQL server that, once armed, lets the next <c>COMMIT</c> reach the server,
/// waits for the server's answer (so the transaction has committed) and then cuts the connection without passing the
/// answer on: the client sees a connection lost during COMMIT, the one case whose outcome it cannot know — deterministically,
/// where a real restart hits that window only by chance.
/// </summary>
internal sealed class CommitCuttingProxy : IAsyncDisposable
{
    // The simple-protocol Query message Npgsql sends for NpgsqlTransaction.Commit: 'Q', length 11, "COMMIT\0" (the whole
    // message, so that "READ COMMITTED" in a BEGIN does not match).
    private static readonly byte[] Commit = [(byte)'Q', 0, 0, 0, 11, .. Encoding.ASCII.GetBytes("COMMIT"), 0];

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _server;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;
    private int _armed;
    private int _cuts;

    public CommitCuttingProxy(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        _server = new IPEndPoint(IPAddress.Parse(builder.Host!), builder.Port);
        _listener.Start();
        ConnectionString = new Npgsql.NpgsqlConnectionStringBuilder(connectionString)
        {
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port,
        }.ConnectionString;
        _accepting = AcceptAsync();
    }

    /// <summary>The connection string through the proxy.</summary>
    public string ConnectionString { get; }

    /// <summary>How many commits were cut.</summary>
    public int Cuts => Volatile.Read(ref _cuts);

    /// <summary>Cuts the next <c>COMMIT</c> (of any connection) after the server has answered it.</summary>
    public void ArmOnce() => Volatile.Write(ref _armed, 1);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopping
        }

        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections);
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            lock (_connections)
            {
                _connections.Add(RelayAsync(client));
            }
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var _ = client;
        using var server = new TcpClient();
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        try
        {
            await server.ConnectAsync(_server, cut.Token);
            var commitSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var upstream = PumpUpAsync(client.GetStream(), server.GetStream(), commitSent, cut.Token);
            var downstream = PumpDownAsync(server.GetStream(), client.GetStream(), commitSent.Task, cut);
            await Task.WhenAny(upstream, downstream);
            await cut.CancelAsync();
            await Task.WhenAll(upstream, downstream).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // a closed side ends the relay
        }

        client.Client.Close(0); // an abortive close: the client sees the connection reset, as when a server process dies
    }

    private async Task PumpUpAsync(NetworkStream from, NetworkStream to, TaskCompletionSource commitSent, CancellationToken token)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, token)) > 0)
        {
            // Marked before it is sent, so that the server's answer is never passed on.
            var cutting = buffer.AsSpan(0, read).IndexOf(Commit) >= 0 && Interlocked.Exchange(ref _armed, 0) == 1;
            if (cutting)
            {
                commitSent.TrySetResult();
            }

            await to.WriteAsync(buffer.AsMemory(0, read), token);
            if (cutting)
            {
                await Task.Delay(Timeout.Infinite, token); // nothing more from this client goes through
            }
        }
    }

    private async Task PumpDownAsync(NetworkStream from, NetworkStream to, Task commitSent, CancellationTokenSource cut)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, cut.Token)) > 0)
        {
            if (commitSent.IsCompleted)
            {
                // The server answered the COMMIT: it has committed. Drop the answer and the connection.
                Interlocked.Increment(ref _cuts);
                await cut.CancelAsync();
                return;
            }

            await to.WriteAsync(buffer.AsMemory(0, read), cut.Token);
        }
    }
}
