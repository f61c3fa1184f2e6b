using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Fleet.Tests.TestSupport;
using Mlops.Journal;
using Mlops.Registry;
using Mlops.Storage;
using Mlops.Storage.PostgreSql.Tests.TestSupport;

namespace Mlops.Fleet.Tests;

/// <summary>
/// Three app processes (tests/Mlops.FleetNode) serve one alias from one PostgreSQL database and a shared artifact
/// directory while the alias moves five times: every promotion reaches every process, no prediction fails, and the
/// median time from the move to a process's first answer from the new version is at most 1 s. The propagation figures
/// are printed (docs/benchmarks.md quotes them); only the median is asserted, since CI runs other test assemblies on the
/// same two cores and a single move can be delayed by them.
/// </summary>
public sealed class FleetPropagationTests(TrainedModels models, ITestOutputHelper output)
{
    private const string Model = "penguin-species";
    private const string Alias = "champion";
    private const int Nodes = 3;
    private static readonly int[] Moves = [2, 1, 2, 1, 2];

    // Bounds a hang (a node that never starts or never swaps) so that it fails instead of blocking; never the signal.
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Three_processes_serving_one_alias_from_PostgreSQL_follow_five_promotions_without_a_failed_prediction()
    {
        var connectionString = await TestServer.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var root = Path.Combine(Path.GetTempPath(), "mlops-fleet-tests", Guid.NewGuid().ToString("N"));
        var artifacts = Path.Combine(root, "artifacts");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(Deadline);
        var ct = deadline.Token;
        var nodes = new List<FleetNodeProcess>();
        try
        {
            var services = new ServiceCollection();
            services.AddMlops(m => m
                .UsePostgreSql(connectionString)
                .UseFileSystemArtifacts(artifacts)
                .UseActor("release-manager")
                .AddRegistry(o => o.TempDirectory = Path.Combine(root, "tmp-admin")));
            await using var admin = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
            var registry = admin.GetRequiredService<IModelRegistry>();

            // Two versions that differ in what they read (all four measurements, the beak only); which one answered is
            // told by the version number each prediction reports.
            var v1 = await RegisterAsync(registry, models.PenguinsZip, "all four measurements", ct);
            var v2 = await RegisterAsync(registry, models.BeakOnlyZip, "beak only", ct);
            (v1.Version, v2.Version).Should().Be((1, 2));
            await registry.SetAliasAsync(Model, Alias, 1, "first champion", ct);

            for (var i = 1; i <= Nodes; i++)
            {
                nodes.Add(FleetNodeProcess.Start($"node-{i}", connectionString, artifacts, Path.Combine(root, $"tmp-node-{i}"), Model, Alias));
            }

            foreach (var node in nodes)
            {
                var first = await NextLiveAsync(node, ct);
                first.Version.Should().Be(1, $"{node.Name} starts while {Alias} names version 1");
            }

            var settled = new SwapJournal(admin.GetRequiredService<IJournal>(), admin.GetRequiredService<IJournalChangeNotifier>());
            await settled.WaitForAsync(Nodes, ct);

            output.WriteLine($"{Nodes} nodes answer from v1; moving {Model}@{Alias} {Moves.Length} times.");
            var swaps = new List<Swap>();
            for (var move = 0; move < Moves.Length; move++)
            {
                var target = Moves[move];
                var t0 = Stopwatch.GetTimestamp(); // same clock as the nodes' timestamps: CLOCK_MONOTONIC, machine-wide
                await registry.SetAliasAsync(Model, Alias, target, $"move {move + 1}", ct);
                foreach (var node in nodes)
                {
                    var live = await NextLiveAsync(node, ct);
                    live.Version.Should().Be(target, $"{node.Name}'s next version change follows move {move + 1} to v{target}");
                    swaps.Add(new Swap(move + 1, target, node, t0, live.Timestamp));
                }

                // Each promotion meets a settled fleet, as promotions minutes apart do: a node journals its swap after
                // publishing it, and its follower reads the next move only once that append is done (a back-to-back move
                // would also time the previous swap's tail).
                await settled.WaitForAsync(Nodes * (move + 2), ct);
            }

            // How many predictions each node answered (from the old version) between the move and its first new answer.
            foreach (var swap in swaps)
            {
                swap.During = await swap.Node.CountAsync(swap.Moved, swap.Reached, ct);
            }

            var totals = new Dictionary<string, NodeTotals>();
            foreach (var node in nodes)
            {
                totals[node.Name] = await node.StopAsync(ct);
                node.UnreadLive().Should().BeEmpty($"{node.Name} changed version only when the alias moved");
            }

            // Each node journals each of its swaps (the first load and the five moves) under its instance name, with the time
            // it took to load and warm up the new version: the part of the propagation that is not the notification.
            var journal = await admin.GetRequiredService<IJournal>().ReadAsync(1, 100_000, ct);
            var swapped = journal.Where(e => e.Kind == JournalKinds.ServingSwapped).ToList();
            foreach (var swap in swaps)
            {
                swap.LoadMs = swapped.Where(e => e.Actor == swap.Node.Name).Skip(swap.Move).Select(LoadMs).FirstOrDefault();
            }

            Report(swaps, totals);
            foreach (var node in nodes.Where(n => n.Stderr.Length > 0))
            {
                output.WriteLine($"{node.Name} stderr:\n{node.Stderr}");
            }

            foreach (var (name, total) in totals)
            {
                total.Failures.Should().Be(0, $"{name} must not fail a prediction during the swaps; first failures: {string.Join(" | ", total.FailureMessages)}");
                total.Predictions.Should().BeGreaterThan(0);
            }

            swaps.Should().HaveCount(Nodes * Moves.Length, "every node reached every move");
            swaps.Should().OnlyContain(s => s.During > 0, "every node kept predicting while each swap was under way");
            Median(swaps.Select(s => s.Elapsed)).Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(1), "a promotion reaches the fleet within 1 s (median)");
            swapped.GroupBy(e => e.Actor).ToDictionary(g => g.Key, g => g.Count())
                .Should().BeEquivalentTo(nodes.ToDictionary(n => n.Name, _ => 1 + Moves.Length), "each node journals its first load and each of its swaps");
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            await TestServer.DropDatabaseAsync(connectionString);
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<LiveLine> NextLiveAsync(FleetNodeProcess node, CancellationToken ct)
    {
        try
        {
            return await node.NextLiveAsync(ct);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{node.Name} reported no version change within {Deadline.TotalMinutes} minutes of the test's start. stderr:\n{node.Stderr}");
        }
    }

    private static Task<ModelVersion> RegisterAsync(IModelRegistry registry, byte[] zip, string description, CancellationToken ct) =>
        registry.RegisterVersionFromStreamAsync(Model, new MemoryStream(zip), ModelFlavorNames.MlNet,
            new RegisterVersionOptions { Description = description }.WithTypes<Penguin, SpeciesPrediction>(), ct);

    private static TimeSpan Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private void Report(List<Swap> swaps, Dictionary<string, NodeTotals> totals)
    {
        output.WriteLine("Load average (1, 5, 15 min; 2 cores): " + LoadAverage());
        output.WriteLine("move  to  node    propagation  of which load + warm-up  predictions during the swap");
        foreach (var swap in swaps)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{swap.Move,4}  v{swap.Target}  {swap.Node.Name}  {swap.Elapsed.TotalMilliseconds,8:F1} ms  {swap.LoadMs,16:F1} ms  {swap.During,9}"));
        }

        var elapsed = swaps.Select(s => s.Elapsed).ToList();
        if (elapsed.Count > 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"propagation over {elapsed.Count} (node, move) pairs: min {elapsed.Min().TotalMilliseconds:F1} ms, median {Median(elapsed).TotalMilliseconds:F1} ms, max {elapsed.Max().TotalMilliseconds:F1} ms"));
        }

        foreach (var (name, total) in totals)
        {
            output.WriteLine($"{name}: {total.Predictions} predictions, {total.Failures} failed{(total.FailureMessages.Count > 0 ? " — " + string.Join(" | ", total.FailureMessages) : "")}");
        }
    }

    private static double LoadMs(JournalEntry entry)
    {
        using var payload = JsonDocument.Parse(entry.Payload);
        return payload.RootElement.GetProperty("loadMs").GetDouble();
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>One node reaching one move: <see cref="Moved"/> just before the alias moved, <see cref="Reached"/> its first answer from the new version.</summary>
    private sealed record Swap(int Move, int Target, FleetNodeProcess Node, long Moved, long Reached)
    {
        public TimeSpan Elapsed => Stopwatch.GetElapsedTime(Moved, Reached);

        public int During { get; set; }

        public double LoadMs { get; set; }
    }
}
