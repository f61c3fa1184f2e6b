using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Mlops.Journal;
using Mlops.Registry;
using Mlops.Storage.PostgreSql.Tests.TestSupport;
using Mlops.Tracking;

namespace Mlops.Storage.PostgreSql.Tests;

/// <summary>
/// "A server restart mid-work gives retries or clear errors, never a duplicated or lost journal entry." Writers append to
/// the journal, register model versions, create runs and ingest metric batches on a cluster of the test's own while it is
/// restarted (fast, then immediate shutdown). The restart starts when the writers have made <see cref="SuccessesBeforeRestart"/>
/// successful calls, and they go on until <see cref="SuccessesAfterRestart"/> more succeed after it. Every call's outcome is
/// classified — done, "nothing was written", or "may or may not have been applied" — and the database must agree with
/// each one; anything else a call throws fails the test. Two more tests make the rarest window certain with a proxy: the
/// server commits, and the connection is cut before the answer arrives.
/// </summary>
public sealed class ServerRestartTests
{
    private const int Writers = 4;
    private const int SuccessesBeforeRestart = 40;
    private const int SuccessesAfterRestart = 40;
    private const int MaxCallsPerWriter = 2_000;
    private const int PointsPerBatch = 5_000;
    private const long StepsPerCall = 1_000_000;
    private const string Model = "restart-model";
    private const string ExperimentId = "restart-experiment";
    private static readonly TimeSpan HangBound = TimeSpan.FromMinutes(3);
    private static readonly DateTimeOffset T0 = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyDictionary<string, string> NoTags = new Dictionary<string, string>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public Task A_fast_restart_mid_work_gives_retries_or_clear_errors_and_never_a_duplicated_or_lost_journal_entry() =>
        RestartMidWorkAsync("fast");

    [Fact]
    public Task An_immediate_restart_mid_work_gives_retries_or_clear_errors_and_never_a_duplicated_or_lost_journal_entry() =>
        RestartMidWorkAsync("immediate");

    /// <summary>
    /// The window a restart hits only by chance, made certain: the server commits an append but the connection is cut
    /// before its answer arrives. The call must say the outcome is unknown (not retry it), and the entry is there once.
    /// </summary>
    [Fact]
    public async Task A_connection_lost_after_the_server_committed_an_append_is_reported_as_unknown_and_the_entry_is_there_once()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var proxy = new CommitCuttingProxy(db.ConnectionString);
        var logger = new RetryCountingLogger();
        await using var store = new PostgreSqlMlopsStore(new PostgreSqlStoreOptions { ConnectionString = proxy.ConnectionString }, logger: logger);
        await store.AppendJournalAsync(new JournalDraft("append", "cut", "test", T0, "before"), Ct);

        proxy.ArmOnce();
        var cut = () => store.AppendJournalAsync(new JournalDraft("append", "cut", "test", T0, "cut at commit"), Ct);
        (await cut.Should().ThrowAsync<MlopsStorageException>()).WithMessage("*may or may not have been applied*");
        proxy.Cuts.Should().Be(1);
        logger.Retries.Should().Be(0, "a commit whose outcome is unknown is never retried");

        var after = await store.AppendJournalAsync(new JournalDraft("append", "cut", "test", T0, "after"), Ct);
        var entries = await store.ReadJournalAsync(1, 100, Ct);
        entries.Select(e => e.Payload).Should().Equal("before", "cut at commit", "after");
        after.Sequence.Should().Be(3);
        (await JournalVerifier.VerifyAsync(store, Ct)).IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task A_connection_lost_after_the_server_committed_a_metric_batch_is_reported_as_unknown_and_the_batch_is_there_once()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var proxy = new CommitCuttingProxy(db.ConnectionString);
        await using var store = new PostgreSqlMlopsStore(new PostgreSqlStoreOptions { ConnectionString = proxy.ConnectionString });
        await store.GetOrCreateExperimentAsync(ExperimentId, "cut", T0, "test", new JournalDraft("experiment.created", ExperimentId, "test", T0, "e"), Ct);
        await store.CreateRunAsync(new NewRun("cut-run", ExperimentId, "cut", null, T0, "test", NoTags),
            new JournalDraft("run.created", "cut-run", "test", T0, "r"), Ct);

        proxy.ArmOnce();
        var points = Enumerable.Range(0, 10).Select(i => new MetricPoint("cut-run", "loss", i, i, T0.ToUnixTimeMilliseconds())).ToArray();
        var cut = () => store.AppendMetricsAsync(points, Ct);
        (await cut.Should().ThrowAsync<MlopsStorageException>()).WithMessage("*may or may not have been applied*");
        proxy.Cuts.Should().Be(1);

        (await store.GetMetricHistoryAsync("cut-run", "loss", Ct)).Select(m => m.Step).Should().Equal(Enumerable.Range(0, 10).Select(i => (long)i));
    }

    private static async Task RestartMidWorkAsync(string mode)
    {
        await using var server = await PrivateServer.StartAsync();
        var logger = new RetryCountingLogger();
        await using var store = new PostgreSqlMlopsStore(new PostgreSqlStoreOptions { ConnectionString = server.ConnectionString }, logger: logger);
        await store.InitializeAsync(Ct);

        // Setup: the model, the experiment and one run per writer for its metric batches; their entries are expected too.
        var madeBySetup = new HashSet<string>(StringComparer.Ordinal);
        await store.CreateRegisteredModelAsync(Model, null, NoTags, T0, "setup", Draft("model.created", "setup model", madeBySetup), Ct);
        await store.GetOrCreateExperimentAsync(ExperimentId, "restart", T0, "setup", Draft("experiment.created", "setup experiment", madeBySetup), Ct);
        for (var writer = 0; writer < Writers; writer++)
        {
            await store.CreateRunAsync(new NewRun(MetricRunId(writer), ExperimentId, "metrics", null, T0, "setup", NoTags),
                Draft("run.created", "setup run " + writer, madeBySetup), Ct);
        }

        var work = new Work();
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(() => WriteUntilDoneAsync(store, writer, work), Ct)).ToList();
        var restart = Task.Run(async () =>
        {
            await work.RestartDue.Task;
            try
            {
                await server.RestartAsync(mode);
            }
            catch
            {
                work.Abandoned = true;
                throw;
            }

            work.Restarted = true;
        }, Ct);

        var all = Task.WhenAll([.. writers, restart]);
        if (await Task.WhenAny(all, Task.Delay(HangBound, Ct)) != all)
        {
            Assert.Fail($"Writers or the restart did not finish within {HangBound}: a call hangs. Calls so far: {work.Calls.Count}, "
                + $"retries logged: {logger.Retries}.\nServer log:\n{server.ReadLog()}");
        }

        await all;
        var calls = work.Calls.ToList();
        var unexpected = calls.Where(c => c.Outcome == Outcome.Unexpected).ToList();
        unexpected.Should().BeEmpty("every failure must be a retry or one of the two documented errors, but these were not:\n"
            + string.Join("\n\n", unexpected.Select(c => $"{c.Kind} {c.Payload}: {c.Error}")));
        work.SuccessesAfterRestart.Should().BeGreaterThanOrEqualTo(SuccessesAfterRestart, "the store must work again after the restart");
        var interrupted = logger.Retries + calls.Count(c => c.Outcome != Outcome.Done);
        interrupted.Should().BeGreaterThan(0, "the restart must have interrupted work (a retry or an error), or this test proves nothing");

        await AssertDatabaseAgreesAsync(store, calls, madeBySetup);

        // The store works normally afterwards: a new append links onto the chain and the chain still verifies.
        var head = (await store.GetJournalHeadAsync(Ct))!;
        var next = await store.AppendJournalAsync(new JournalDraft("after", "restart", "test", T0, "after the restart"), Ct);
        next.Sequence.Should().Be(head.Sequence + 1);
        next.PreviousHash.Should().Be(head.Hash);
        var verified = await JournalVerifier.VerifyAsync(store, Ct);
        verified.IsValid.Should().BeTrue(verified.Problem);
        verified.EntriesChecked.Should().Be(next.Sequence);

        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{mode} restart: {calls.Count} calls, {calls.Count(c => c.Outcome == Outcome.Done)} done, "
            + $"{calls.Count(c => c.Outcome == Outcome.NothingWritten)} nothing written, {calls.Count(c => c.Outcome == Outcome.Unknown)} unknown, "
            + $"{logger.Retries} retries logged ({string.Join(", ", logger.RetriedOperations.Select(o => $"{o.Key}: {o.Value}"))}); "
            + $"not done: {string.Join(", ", calls.Where(c => c.Outcome != Outcome.Done).Select(c => $"{c.Kind} {c.Outcome}"))}."));
    }

    private static async Task WriteUntilDoneAsync(PostgreSqlMlopsStore store, int writer, Work work)
    {
        for (var i = 0; i < MaxCallsPerWriter && !work.Abandoned && work.SuccessesAfterRestart < SuccessesAfterRestart; i++)
        {
            var call = new Call(writer, i, (CallKind)(i % 4), string.Create(CultureInfo.InvariantCulture, $"writer {writer} call {i}"));
            try
            {
                await MakeAsync(store, call);
                call.Outcome = Outcome.Done;
                if (work.Restarted)
                {
                    Interlocked.Increment(ref work.SuccessesAfterRestartCount);
                }
                else if (Interlocked.Increment(ref work.SuccessesBeforeRestartCount) == SuccessesBeforeRestart)
                {
                    work.RestartDue.TrySetResult();
                }
            }
            catch (MlopsStorageException exception) when (exception.Message.Contains("Nothing was written by this call", StringComparison.Ordinal))
            {
                (call.Outcome, call.Error) = (Outcome.NothingWritten, exception);
            }
            catch (MlopsStorageException exception) when (exception.Message.Contains("may or may not have been applied", StringComparison.Ordinal))
            {
                (call.Outcome, call.Error) = (Outcome.Unknown, exception);
            }
#pragma warning disable CA1031 // Anything else is classified as unexpected, and the test fails with it.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                (call.Outcome, call.Error) = (Outcome.Unexpected, exception);
            }

            work.Calls.Add(call);
        }
    }

    private static Task MakeAsync(PostgreSqlMlopsStore store, Call call) => call.Kind switch
    {
        CallKind.Append => store.AppendJournalAsync(new JournalDraft("append", "restart", "writer", T0, call.Payload), Ct),
        CallKind.Version => store.CreateModelVersionAsync(
            new NewModelVersion(Model, "mlnet", new string('a', 64), 1, null, null, call.Payload, null, NoTags, T0, "writer"),
            _ => new JournalDraft("version.created", Model, "writer", T0, call.Payload), Ct),
        CallKind.Run => store.CreateRunAsync(new NewRun(call.RunId, ExperimentId, call.Payload, null, T0, "writer", NoTags),
            new JournalDraft("run.created", call.RunId, "writer", T0, call.Payload), Ct),
        _ => store.AppendMetricsAsync(Enumerable.Range(0, PointsPerBatch)
            .Select(p => new MetricPoint(MetricRunId(call.Writer), "loss", p * 0.25, call.FirstStep + p, T0.ToUnixTimeMilliseconds()))
            .ToArray(), Ct),
    };

    private static async Task AssertDatabaseAgreesAsync(PostgreSqlMlopsStore store, List<Call> calls, HashSet<string> madeBySetup)
    {
        var verified = await JournalVerifier.VerifyAsync(store, Ct);
        verified.IsValid.Should().BeTrue($"the chain must verify after the restart: {verified.Problem} at {verified.FirstBrokenSequence}");
        var entries = await store.ReadJournalAsync(1, 1_000_000, Ct);
        entries.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, entries.Count).Select(n => (long)n), "the journal is contiguous");
        verified.EntriesChecked.Should().Be(entries.Count);

        var present = entries.GroupBy(e => e.Payload, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var problems = new StringBuilder();
        foreach (var call in calls.Where(c => c.Kind != CallKind.Metrics))
        {
            var count = present.GetValueOrDefault(call.Payload);
            var allowed = call.Outcome switch
            {
                Outcome.Done => count == 1,
                Outcome.NothingWritten => count == 0,
                _ => count <= 1,
            };
            if (!allowed)
            {
                problems.AppendLine(CultureInfo.InvariantCulture, $"{call.Kind} '{call.Payload}' ({call.Outcome}) has {count} journal entries; error: {call.Error}");
            }
        }

        var made = calls.Select(c => c.Payload).Concat(madeBySetup).ToHashSet(StringComparer.Ordinal);
        foreach (var stray in entries.Where(e => !made.Contains(e.Payload)))
        {
            problems.AppendLine(CultureInfo.InvariantCulture, $"entry {stray.Sequence} '{stray.Payload}' was made by no call");
        }

        // Each entry stands for its change and nothing else: a version or run exists exactly when its entry does.
        var versions = await store.ListModelVersionsAsync(Model, Ct);
        var versionEntries = entries.Count(e => e.Kind == "version.created");
        if (versions.Count != versionEntries)
        {
            problems.AppendLine(CultureInfo.InvariantCulture, $"{versions.Count} model versions but {versionEntries} version entries");
        }

        foreach (var call in calls.Where(c => c.Kind == CallKind.Run))
        {
            var exists = await store.GetRunAsync(call.RunId, Ct) is not null;
            if (exists != present.ContainsKey(call.Payload))
            {
                problems.AppendLine(CultureInfo.InvariantCulture, $"run {call.RunId} ({call.Outcome}) exists: {exists}, its entry exists: {present.ContainsKey(call.Payload)}");
            }
        }

        // Metric batches follow the same rule: a done batch once, a batch that wrote nothing not at all.
        for (var writer = 0; writer < Writers; writer++)
        {
            var history = await store.GetMetricHistoryAsync(MetricRunId(writer), "loss", Ct);
            var byBatch = history.GroupBy(m => m.Step / StepsPerCall).ToDictionary(g => g.Key, g => g.Count());
            foreach (var call in calls.Where(c => c.Kind == CallKind.Metrics && c.Writer == writer))
            {
                var count = byBatch.GetValueOrDefault(call.FirstStep / StepsPerCall);
                var allowed = call.Outcome switch
                {
                    Outcome.Done => count == PointsPerBatch,
                    Outcome.NothingWritten => count == 0,
                    _ => count is 0 or PointsPerBatch,
                };
                if (!allowed)
                {
                    problems.AppendLine(CultureInfo.InvariantCulture, $"metric batch '{call.Payload}' ({call.Outcome}) has {count} points; error: {call.Error}");
                }
            }
        }

        problems.ToString().Should().BeEmpty("the database must agree with every call's outcome");
    }

    private static JournalDraft Draft(string kind, string payload, HashSet<string> made)
    {
        made.Add(payload);
        return new JournalDraft(kind, "setup", "setup", T0, payload);
    }

    private static string MetricRunId(int writer) => "metrics-" + writer.ToString(CultureInfo.InvariantCulture);

    private enum CallKind
    {
        Append,
        Version,
        Run,
        Metrics,
    }

    private enum Outcome
    {
        Unexpected,
        Done,
        NothingWritten,
        Unknown,
    }

    private sealed class Call(int writer, int index, CallKind kind, string payload)
    {
        public int Writer { get; } = writer;

        public CallKind Kind { get; } = kind;

        public string Payload { get; } = payload;

        public string RunId { get; } = string.Create(CultureInfo.InvariantCulture, $"run-{writer}-{index}");

        /// <summary>Each metric batch has steps of its own.</summary>
        public long FirstStep { get; } = index * StepsPerCall;

        public Outcome Outcome { get; set; }

        public Exception? Error { get; set; }
    }

    private sealed class Work
    {
        public int SuccessesBeforeRestartCount;
        public int SuccessesAfterRestartCount;
        private volatile bool _restarted;
        private volatile bool _abandoned;

        public ConcurrentBag<Call> Calls { get; } = [];

        public TaskCompletionSource RestartDue { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Restarted
        {
            get => _restarted;
            set => _restarted = value;
        }

        /// <summary>The restart failed: the writers stop, and the test fails with the restart's error.</summary>
        public bool Abandoned
        {
            get => _abandoned;
            set => _abandoned = value;
        }

        public int SuccessesAfterRestart => Volatile.Read(ref SuccessesAfterRestartCount);
    }

    /// <summary>Counts the store's retry warnings (event 1), the sign that a transaction was interrupted and run again.</summary>
    private sealed class RetryCountingLogger : ILogger
    {
        private int _retries;

        public int Retries => Volatile.Read(ref _retries);

        public ConcurrentDictionary<string, int> RetriedOperations { get; } = new(StringComparer.Ordinal);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 1)
            {
                Interlocked.Increment(ref _retries);
                var operation = (state as IEnumerable<KeyValuePair<string, object?>>)?.FirstOrDefault(p => p.Key == "Operation").Value as string;
                RetriedOperations.AddOrUpdate(operation ?? "?", 1, (_, n) => n + 1);
            }
        }
    }
}
