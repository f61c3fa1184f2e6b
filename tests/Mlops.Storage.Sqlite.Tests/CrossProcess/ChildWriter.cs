using Mlops.Journal;
using Mlops.Tracking;

namespace Mlops.Storage.Sqlite.Tests.CrossProcess;

/// <summary>
/// Turns this test executable into a second writer process when <see cref="DatabaseVariable"/> is set: it opens a store
/// on that file, prints "ready", waits for "go" on stdin, runs the workload named by <see cref="WorkloadVariable"/>
/// (<see cref="Workload.RunAsync"/> by default, <see cref="RegistryWorkload.RunAsync"/> for <c>registry</c>) and exits (0 on success,
/// 1 with the error on stderr). The parent loads it as a .NET startup hook (DOTNET_STARTUP_HOOKS), which runs before the
/// test platform's Main; a module initializer would not do, since other threads block until it returns.
/// </summary>
internal static class ChildWriter
{
    public const string DatabaseVariable = "MLOPS_SQLITE_CHILD_DATABASE";
    public const string NameVariable = "MLOPS_SQLITE_CHILD_NAME";
    public const string WorkloadVariable = "MLOPS_SQLITE_CHILD_WORKLOAD";
    public const string RegistryWorkloadName = "registry";

    public static void Run(string database)
    {
        var name = Environment.GetEnvironmentVariable(NameVariable) ?? "child";
        var exitCode = 0;
        try
        {
            using var store = new SqliteMlopsStore(new SqliteStoreOptions { ConnectionString = $"Data Source={database}" });
            store.InitializeAsync().GetAwaiter().GetResult();
            Console.Out.WriteLine("ready");
            Console.Out.Flush();
            if (Console.In.ReadLine() != "go")
            {
                throw new InvalidOperationException("The parent did not say go.");
            }

            var workload = Environment.GetEnvironmentVariable(WorkloadVariable) == RegistryWorkloadName
                ? RegistryWorkload.RunAsync(store, name, CancellationToken.None)
                : Workload.RunAsync(store, name, CancellationToken.None);
            workload.GetAwaiter().GetResult();
            Console.Out.WriteLine("done");
        }
        catch (Exception exception)
        {
            Console.Error.WriteLine(exception.ToString());
            exitCode = 1;
        }

        Environment.Exit(exitCode);
    }
}

/// <summary>What each process writes: racing get-or-create, runs, metrics, params, journal entries, run ends.</summary>
internal static class Workload
{
    public const int Threads = 4;
    public const int Rounds = 25;
    public const int PointsPerBatch = 20;
    public static readonly DateTimeOffset T0 = new(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static Task RunAsync(IMlopsStore store, string name, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, Threads).Select(thread => Task.Run(async () =>
        {
            for (var round = 0; round < Rounds; round++)
            {
                var experiment = await store.GetOrCreateExperimentAsync(Guid.NewGuid().ToString("N"), "shared", T0, name,
                    Draft(JournalKinds.ExperimentCreated, "experiment/shared"), cancellationToken);
                var runId = Guid.NewGuid().ToString("N");
                await store.CreateRunAsync(
                    new NewRun(runId, experiment.ExperimentId, $"{name}-{thread}-{round}", null, T0, name, new Dictionary<string, string> { ["writer"] = name }),
                    Draft(JournalKinds.RunCreated, "run/" + runId), cancellationToken);
                var points = Enumerable.Range(0, PointsPerBatch)
                    .Select(i => new MetricPoint(runId, "loss", 1.0 / (i + 1), i, T0.ToUnixTimeMilliseconds() + i)).ToArray();
                await store.AppendMetricsAsync(points, cancellationToken);
                await store.LogParamsAsync(runId, new Dictionary<string, string> { ["thread"] = thread.ToString(System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken);
                await store.AppendJournalAsync(Draft("test.note", $"{name}/{thread}/{round}"), cancellationToken);
                await store.EndRunAsync(runId, RunStatus.Finished, T0, null, Draft(JournalKinds.RunEnded, "run/" + runId), cancellationToken);
            }
        }, cancellationToken)));

    private static JournalDraft Draft(string kind, string subject) => new(kind, subject, "workload", T0, JournalPayload.Create(("subject", subject)));
}
