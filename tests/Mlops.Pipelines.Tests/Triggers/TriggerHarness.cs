using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Mlops.Storage.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Mlops.Governance;
using Mlops.Journal;
using Mlops.Pipelines.Triggers;
using Mlops.Storage;
using Mlops.Tracking;

namespace Mlops.Pipelines.Tests.Triggers;

/// <summary>
/// Application instances sharing one SQLite file and artifact folder in a temp directory, each with its own service
/// provider, hosted services and (fake) clock, and the real pipeline runner running the two-step pipeline <c>retrain</c>.
/// </summary>
public sealed class TriggerHarness : IAsyncDisposable
{
    public const string Pipeline = "retrain";
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 0, 0, 30, TimeSpan.Zero);

    private readonly List<TriggerInstance> _instances = [];

    public TriggerHarness()
    {
        Root = Path.Combine(Path.GetTempPath(), "mlops-trigger-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Builds an instance; <paramref name="hold"/>, when given, is awaited by the pipeline's second step.</summary>
    public TriggerInstance Create(string name, Action<PipelinesBuilder> triggers, FakeTimeProvider? time = null, TimeSpan? lease = null, Task? hold = null)
    {
        time ??= new FakeTimeProvider(Start);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddMlops(m => m
            .UseSqlite($"Data Source={Path.Combine(Root, "mlops.db")}")
            .UseFileSystemArtifacts(Path.Combine(Root, "artifacts"))
            .UseActor("trigger-tests")
            .AddTracking(o => o.CaptureEnvironment = false)
            .AddPipelines(p =>
            {
                p.AddPipeline(_ => Build(hold, entered), (trigger, _, _) => Task.FromResult(trigger.Description));
                p.ConfigureTriggers(o =>
                {
                    o.InstanceName = name;
                    o.LeaseDuration = lease ?? TimeSpan.FromMinutes(2);
                    o.JournalPollInterval = TimeSpan.FromSeconds(1);
                });
                triggers(p);
            }));
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var instance = new TriggerInstance(name, provider, time, entered.Task);
        _instances.Add(instance);
        return instance;
    }

    /// <summary>The pipeline's execution runs (step runs excluded), oldest first.</summary>
    public static async Task<IReadOnlyList<Run>> ExecutionsAsync(TriggerInstance instance)
    {
        var tracker = instance.Services.GetRequiredService<IExperimentTracker>();
        var page = await tracker.SearchRunsAsync(new RunQuery(Pipeline) { MaxResults = 1000 }, Ct);
        return [.. page.Runs.Where(r => !r.Tags.ContainsKey(PipelineTags.Step)).OrderBy(r => r.Info.StartTime)];
    }

    public static async Task<IReadOnlyList<GovernanceRecord>> ClaimsAsync(TriggerInstance instance, string? prefix = null) =>
        await instance.Services.GetRequiredService<IGovernanceStore>().ListGovernanceRecordsAsync(PipelineTriggerRecordKinds.Claim, prefix, Ct);

    public static async Task<IReadOnlyList<JournalEntry>> TriggeredEntriesAsync(TriggerInstance instance) =>
        [.. (await instance.Services.GetRequiredService<IJournal>().ReadAsync(1, 100_000, Ct)).Where(e => e.Kind == JournalKinds.PipelineTriggered)];

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static Pipeline<string> Build(Task? hold, TaskCompletionSource entered)
    {
        var builder = Mlops.Pipelines.Pipeline.Create<string>(Pipeline);
        var read = builder.Add(Step.Create<string, int>("read", (s, _) => Task.FromResult(s.Length)), builder.Input);
        builder.Add(Step.Create<int, int>("train", async (n, c) =>
        {
            entered.TrySetResult();
            if (hold is not null)
            {
                await hold.WaitAsync(c.CancellationToken);
            }

            return n * 2;
        }, options: new StepOptions { Cache = false }), read);
        return builder.Build();
    }
}

/// <summary>One application instance of <see cref="TriggerHarness"/>.</summary>
public sealed class TriggerInstance(string name, ServiceProvider services, FakeTimeProvider time, Task entered) : IAsyncDisposable
{
    private bool _started;
    private bool _stopped;

    public string Name { get; } = name;

    public ServiceProvider Services { get; } = services;

    public FakeTimeProvider Time { get; } = time;

    /// <summary>Completes when an execution of this instance has entered the pipeline's second step.</summary>
    public Task Entered { get; } = entered;

    public IPipelineTriggerMonitor Monitor => Services.GetRequiredService<IPipelineTriggerMonitor>();

    public async Task StartAsync()
    {
        _started = true;
        foreach (var hosted in Services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(TriggerHarness.Ct);
        }
    }

    public async Task StopAsync()
    {
        if (!_started || _stopped)
        {
            return;
        }

        _stopped = true;
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TriggerHarness.Ct);
        bound.CancelAfter(TimeSpan.FromSeconds(30)); // bounds a hang: a stop waits for the executions it cancelled
        foreach (var hosted in Services.GetServices<IHostedService>().Reverse())
        {
            await hosted.StopAsync(bound.Token);
        }
    }

    /// <summary>The first matching event; a wait of more than 30 s fails with every event so far (bounds a hang, never the signal).</summary>
    public async Task<PipelineTriggerEvent> WaitForAsync(PipelineTriggerEventType? type, string? trigger, Func<PipelineTriggerEvent, bool>? match = null)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TriggerHarness.Ct);
        bound.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            return await Monitor.WaitForAsync(e => (type is null || e.Type == type) && e.Trigger == trigger && (match is null || match(e)), bound.Token);
        }
        catch (OperationCanceledException) when (!TriggerHarness.Ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{Name} reported no {type?.ToString() ?? "matching event"} of {trigger ?? "the lease check"} within 30 s (clock {Time.GetUtcNow():O}). Events:\n"
                + string.Join("\n", Monitor.Events.Select(e => e.ToString())));
        }
    }

    /// <summary>Waits until the schedule waits for <paramref name="tick"/>, then moves the clock to <paramref name="to"/>.</summary>
    public async Task AdvanceWhenWaitingAsync(string schedule, DateTimeOffset tick, DateTimeOffset to)
    {
        await WaitForAsync(PipelineTriggerEventType.Waiting, schedule, e => e.NextDue == tick);
        Time.SetUtcNow(to);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Services.DisposeAsync();
    }
}
