using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Mlops.Storage.PostgreSql.Tests.TestSupport;

/// <summary>
/// A PostgreSQL cluster of one test's own, which it may restart or stop (the shared server in <c>MLOPS_TEST_POSTGRES</c>
/// serves other tests in parallel and must never be). It mirrors <c>.ci/services/postgres.sh</c>: binaries in
/// <c>MLOPS_PG_BIN</c> or <c>/usr/lib/postgresql/15/bin</c>, run as the <c>postgres</c> user when the test runs as root, a
/// throwaway data directory under the temporary folder, a free loopback port, trust authentication, the socket in the data
/// directory. Without binaries the test is skipped on a developer box and fails under CI (<c>CI=true</c>).
/// </summary>
internal sealed class PrivateServer : IAsyncDisposable
{
    private static readonly TimeSpan CommandBound = TimeSpan.FromSeconds(90);

    private readonly string _bin;
    private readonly string _root;
    private readonly bool _asPostgres;
    private readonly int _port;

    private PrivateServer(string bin, string root, bool asPostgres, int port)
    {
        _bin = bin;
        _root = root;
        _asPostgres = asPostgres;
        _port = port;
    }

    /// <summary>The superuser connection string of the cluster's <c>postgres</c> database.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres";

    private string DataDirectory => Path.Combine(_root, "data");

    private string ServerOptions => string.Create(CultureInfo.InvariantCulture,
        $"-c listen_addresses=127.0.0.1 -p {_port} -k {_root} -c fsync=off -c full_page_writes=off -c max_connections=100");

    /// <summary>Initializes and starts a new cluster, or skips (developer box) / fails (CI) the test without binaries.</summary>
    public static async Task<PrivateServer> StartAsync()
    {
        var bin = Environment.GetEnvironmentVariable("MLOPS_PG_BIN") is { Length: > 0 } configured ? configured : "/usr/lib/postgresql/15/bin";
        if (!File.Exists(Path.Combine(bin, "postgres")) || !File.Exists(Path.Combine(bin, "pg_ctl")))
        {
            var reason = $"No PostgreSQL binaries in {bin} (set MLOPS_PG_BIN, or install postgresql-15): this test runs a cluster of its own.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException("Under CI the PostgreSQL binaries are required. " + reason);
            }

            Assert.Skip(reason);
        }

        var asPostgres = Environment.UserName == "root";
        var root = Directory.CreateTempSubdirectory("mlops-pg-restart-").FullName; // mode 700
        var server = new PrivateServer(bin, root, asPostgres, FreeLoopbackPort());
        try
        {
            if (asPostgres)
            {
                await RunAsync("chown", ["postgres:", root]);
            }

            await server.RunPostgresToolAsync("initdb", ["-D", server.DataDirectory, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]);
            await server.RunPostgresToolAsync("pg_ctl",
                ["-D", server.DataDirectory, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o", server.ServerOptions, "start"]);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// <c>pg_ctl restart -m <paramref name="mode"/></c>: stops the server (<c>fast</c> terminates sessions and shuts down
    /// cleanly, <c>immediate</c> kills them and leaves crash recovery to the next start) and waits until it accepts
    /// connections again.
    /// </summary>
    public Task RestartAsync(string mode) =>
        RunPostgresToolAsync("pg_ctl",
            ["-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "-m", mode, "-o", ServerOptions, "restart"]);

    /// <summary>The server log, for failure messages.</summary>
    public string ReadLog()
    {
        var log = Path.Combine(_root, "server.log");
        return File.Exists(log) ? File.ReadAllText(log) : "(no server log)";
    }

    /// <summary>Stops the server (immediate: nothing in it is kept) and deletes the data directory.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                await RunPostgresToolAsync("pg_ctl", ["-D", DataDirectory, "-w", "-t", "60", "-m", "immediate", "stop"]);
            }
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>
    /// A free loopback port below Linux's ephemeral range (32768 and up by default): the port is released before initdb
    /// and pg_ctl take seconds to start the server, and in the ephemeral range any outgoing connection or port-0 bind on
    /// the machine could be given it meanwhile (or during a restart). Below that range only an explicit bind can take it.
    /// </summary>
    private static int FreeLoopbackPort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        throw new InvalidOperationException("No free loopback port between 20000 and 32000 after 200 tries.");
    }

    private Task RunPostgresToolAsync(string tool, IReadOnlyList<string> arguments) => _asPostgres
        ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments])
        : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(CommandBound);
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {CommandBound.TotalSeconds} s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }
}
