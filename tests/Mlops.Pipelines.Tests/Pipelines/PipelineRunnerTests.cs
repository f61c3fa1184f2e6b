using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mlops.Tracking;
using Polly;
using Polly.Retry;

namespace Mlops.Pipelines.Tests.Pipelines;

public sealed record Numbers(byte[] Data);

public sealed class PipelineRunnerTests : IAsyncLifetime
{
    private readonly PipelineHarness _harness = new();

    private static CancellationToken Ct => PipelineHarness.Ct;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    /// <summary>sum → (double, square) → report: a diamond, with calls counted per step.</summary>
    private static (Pipeline<Numbers> Pipeline, StepNode<string> Report, ConcurrentDictionary<string, int> Calls) Diamond(
        ConcurrentQueue<string>? events = null, string squareVersion = "1", bool cacheReport = true)
    {
        var calls = new ConcurrentDictionary<string, int>();
        Task<T> Count<T>(string name, Func<T> body)
        {
            calls.AddOrUpdate(name, 1, (_, n) => n + 1);
            events?.Enqueue("start " + name);
            var value = body();
            events?.Enqueue("end " + name);
            return Task.FromResult(value);
        }

        var builder = Pipeline.Create<Numbers>("diamond");
        var sum = builder.Add(Step.Create<Numbers, long>("sum", (n, _) => Count("sum", () => n.Data.Sum(b => (long)b))), builder.Input);
        var twice = builder.Add(Step.Create<long, long>("double", (s, _) => Count("double", () => s * 2)), sum);
        var square = builder.Add(Step.Create<long, long>("square", (s, _) => Count("square", () => s * s), version: squareVersion), sum);
        var report = builder.Add(
            Step.Create<(long, long), string>("report", (p, _) => Count("report", () => $"{p.Item1}/{p.Item2}"), options: new StepOptions { Cache = cacheReport }),
            twice,
            square);
        return (builder.Build(), report, calls);
    }

    [Fact]
    public async Task Each_step_starts_after_the_steps_it_consumes_and_the_execution_is_a_run_with_a_nested_run_per_step()
    {
        var events = new ConcurrentQueue<string>();
        var (pipeline, report, _) = Diamond(events);

        var execution = await _harness.Runner.RunAsync(pipeline, new Numbers([1, 2, 3]), cancellationToken: Ct);

        execution.Status.Should().Be(PipelineExecutionStatus.Succeeded);
        execution.GetOutput(report).Should().Be("12/36");
        var order = events.ToList();
        order.IndexOf("start double").Should().BeGreaterThan(order.IndexOf("end sum"));
        order.IndexOf("start square").Should().BeGreaterThan(order.IndexOf("end sum"));
        order.IndexOf("start report").Should().BeGreaterThan(Math.Max(order.IndexOf("end double"), order.IndexOf("end square")));

        var run = await _harness.RunAsync(execution.RunId);
        run.Info.Status.Should().Be(RunStatus.Finished);
        run.Tags[PipelineTags.Pipeline].Should().Be("diamond");
        run.Tags[PipelineTags.TriggerKind].Should().Be(PipelineTriggerKinds.Manual);
        var children = await _harness.Tracker.GetChildRunsAsync(execution.RunId, Ct);
        children.Select(c => c.RunName).Should().BeEquivalentTo("sum", "double", "square", "report");
        children.Should().OnlyContain(c => c.Status == RunStatus.Finished);
        var reportRun = await _harness.RunAsync(execution["report"].RunId!);
        reportRun.Params.Should().ContainKeys("input.double", "input.square");
        reportRun.Params["input.double"].Should().Be(execution["double"].OutputDigest);
        reportRun.Tags[PipelineTags.Outcome].Should().Be("executed");
        (await _harness.ReadTextArtifactAsync(reportRun.RunId, "output/output.json")).Should().Be("\"12/36\"");
        (await _harness.ReadTextArtifactAsync(execution.RunId, "pipeline/graph.json")).Should().Contain("\"consumes\"");
    }

    [Fact]
    public async Task Independent_steps_run_at_the_same_time()
    {
        var aIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<int> Meet(TaskCompletionSource mine, TaskCompletionSource other, StepContext context)
        {
            mine.SetResult();
            // Only returns if the other step is running at the same time; run one after the other, this one times out.
            await other.Task.WaitAsync(TimeSpan.FromSeconds(30), context.CancellationToken);
            return 1;
        }

        var builder = Pipeline.Create<int>("parallel");
        var a = builder.Add(Step.Create<int, int>("a", (_, c) => Meet(aIn, bIn, c)), builder.Input);
        var b = builder.Add(Step.Create<int, int>("b", (_, c) => Meet(bIn, aIn, c)), builder.Input);
        builder.Add(Step.Create<(int, int), int>("join", (p, _) => Task.FromResult(p.Item1 + p.Item2)), a, b);

        var execution = await _harness.Runner.RunAsync(builder.Build(), 0, new PipelineRunOptions { MaxParallelSteps = 2 }, Ct);

        execution.Status.Should().Be(PipelineExecutionStatus.Succeeded);
        execution["join"].Outcome.Should().Be(StepOutcome.Executed);
    }

    [Fact]
    public async Task MaxParallelSteps_of_one_runs_one_step_at_a_time()
    {
        var running = 0;
        var most = 0;
        async Task<int> Work(int value)
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await Task.Yield();
            Interlocked.Decrement(ref running);
            return value;
        }

        var builder = Pipeline.Create<int>("serial");
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            builder.Add(Step.Create<int, int>(name, (v, _) => Work(v)), builder.Input);
        }

        var execution = await _harness.Runner.RunAsync(builder.Build(), 1, new PipelineRunOptions { MaxParallelSteps = 1 }, Ct);

        execution.Status.Should().Be(PipelineExecutionStatus.Succeeded);
        most.Should().Be(1);
    }

    [Fact]
    public async Task A_second_execution_on_the_same_input_takes_every_output_from_the_cache_and_marks_it()
    {
        var (pipeline, report, calls) = Diamond();
        var first = await _harness.Runner.RunAsync(pipeline, new Numbers([1, 2, 3]), cancellationToken: Ct);

        var second = await _harness.Runner.RunAsync(pipeline, new Numbers([1, 2, 3]), cancellationToken: Ct);

        second.Status.Should().Be(PipelineExecutionStatus.Succeeded);
        second.Steps.Should().OnlyContain(s => s.Outcome == StepOutcome.Cached && s.Attempts == 0);
        calls.Values.Should().OnlyContain(n => n == 1);
        second.GetOutput(report).Should().Be("12/36");
        second["sum"].SourceRunId.Should().Be(first["sum"].RunId);
        second["sum"].OutputDigest.Should().Be(first["sum"].OutputDigest);
        var cached = await _harness.RunAsync(second["report"].RunId!);
        cached.Tags[PipelineTags.Outcome].Should().Be("cached");
        cached.Tags[PipelineTags.SourceRun].Should().Be(first["report"].RunId);
        (await _harness.ReadTextArtifactAsync(cached.RunId, "logs/step.log")).Should().Contain("did not run");
        var search = await _harness.Tracker.SearchRunsAsync(new RunQuery("diamond") { Filter = "tags.mlops.step.outcome = 'cached'" }, Ct);
        search.Runs.Should().HaveCount(4);
    }

    [Fact]
    public async Task Changing_one_input_byte_misses_the_cache_for_the_steps_that_see_a_different_input()
    {
        var (pipeline, _, calls) = Diamond();
        await _harness.Runner.RunAsync(pipeline, new Numbers([1, 2, 3]), cancellationToken: Ct);

        var changed = await _harness.Runner.RunAsync(pipeline, new Numbers([1, 2, 4]), cancellationToken: Ct);
        var sameSum = await _harness.Runner.RunAsync(pipeline, new Numbers([1, 3, 3]), cancellationToken: Ct);

        changed.Steps.Should().OnlyContain(s => s.Outcome == StepOutcome.Executed);
        changed["sum"].CacheKey.Should().NotBe(sameSum["sum"].CacheKey);
        // [1,3,3] is a new input (sum runs) but sums to 7 like [1,2,4]: everything after it is a cache hit.
        sameSum["sum"].Outcome.Should().Be(StepOutcome.Executed);
        sameSum.Steps.Skip(1).Should().OnlyContain(s => s.Outcome == StepOutcome.Cached);
        calls["sum"].Should().Be(3);
        calls["report"].Should().Be(2);
    }

    [Fact]
    public async Task A_new_step_version_misses_and_a_step_with_caching_off_always_runs()
    {
        await _harness.Runner.RunAsync(Diamond().Pipeline, new Numbers([5]), cancellationToken: Ct);
        var (pipeline, _, calls) = Diamond(squareVersion: "2", cacheReport: false);

        var execution = await _harness.Runner.RunAsync(pipeline, new Numbers([5]), cancellationToken: Ct);

        execution["sum"].Outcome.Should().Be(StepOutcome.Cached);
        execution["double"].Outcome.Should().Be(StepOutcome.Cached);
        execution["square"].Outcome.Should().Be(StepOutcome.Executed);
        execution["report"].Outcome.Should().Be(StepOutcome.Executed);
        calls.Keys.Should().BeEquivalentTo("square", "report");

        var again = await _harness.Runner.RunAsync(pipeline, new Numbers([5]), new PipelineRunOptions(), Ct);
        again["report"].Outcome.Should().Be(StepOutcome.Executed);
        var uncached = await _harness.Runner.RunAsync(pipeline, new Numbers([5]), new PipelineRunOptions { DisableCache = true }, Ct);
        uncached.Steps.Should().OnlyContain(s => s.Outcome == StepOutcome.Executed);
    }

    [Fact]
    public async Task A_step_that_fails_twice_is_retried_by_its_policy_and_succeeds_on_the_third_attempt()
    {
        var builder = Pipeline.Create<int>("flaky");
        var flaky = builder.Add(Step.Create<int, int>("flaky", (v, c) =>
        {
#pragma warning disable CA1848, CA1873 // a test step logs plainly
            c.Logger.LogInformation("attempt {Attempt} starts", c.Attempt);
#pragma warning restore CA1848, CA1873
            return c.Attempt < 3 ? throw new IOException($"transient failure {c.Attempt}") : Task.FromResult(v + c.Attempt);
        }, options: new StepOptions { Retry = new RetryStrategyOptions { MaxRetryAttempts = 3, Delay = TimeSpan.Zero } }), builder.Input);

        var execution = await _harness.Runner.RunAsync(builder.Build(), 10, cancellationToken: Ct);

        execution.Status.Should().Be(PipelineExecutionStatus.Succeeded);
        execution.GetOutput(flaky).Should().Be(13);
        execution["flaky"].Attempts.Should().Be(3);
        var run = await _harness.RunAsync(execution["flaky"].RunId!);
        run.Tags[PipelineTags.Attempts].Should().Be("3");
        var log = await _harness.ReadTextArtifactAsync(run.RunId, "logs/step.log");
        log.Should().Contain("Attempt 1 of step 'flaky' failed: transient failure 1").And.Contain("Attempt 2 of step 'flaky' failed").And.Contain("attempt 3 starts");
    }

    [Fact]
    public async Task An_attempt_over_its_timeout_is_cancelled_and_retried()
    {
        var builder = Pipeline.Create<int>("slow");
        builder.Add(Step.Create<int, int>("slow", async (v, c) =>
        {
            if (c.Attempt == 1)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, c.CancellationToken); // only the timeout ends this attempt
            }

            return v;
        }, options: new StepOptions { Timeout = TimeSpan.FromMilliseconds(50), Retry = new RetryStrategyOptions { MaxRetryAttempts = 1, Delay = TimeSpan.Zero } }), builder.Input);

        var execution = await _harness.Runner.RunAsync(builder.Build(), 7, cancellationToken: Ct);

        execution.Status.Should().Be(PipelineExecutionStatus.Succeeded);
        execution["slow"].Attempts.Should().Be(2);
    }

    [Fact]
    public async Task A_failed_step_fails_the_execution_and_the_steps_after_it_do_not_run()
    {
        var builder = Pipeline.Create<int>("broken");
        var first = builder.Add(Step.Create<int, int>("first", (v, _) => Task.FromResult(v)), builder.Input);
        var bad = builder.Add(Step.Create<int, int>("bad", (_, _) => throw new InvalidDataException("column 'x' is missing")), first);
        builder.Add(Step.Create<int, int>("after", (v, _) => Task.FromResult(v)), bad);

        var execution = await _harness.Runner.RunAsync(builder.Build(), 1, cancellationToken: Ct);

        execution.Status.Should().Be(PipelineExecutionStatus.Failed);
        execution["first"].Outcome.Should().Be(StepOutcome.Executed);
        execution["bad"].Outcome.Should().Be(StepOutcome.Failed);
        execution["bad"].Error.Should().Contain("column 'x' is missing");
        execution["after"].Outcome.Should().Be(StepOutcome.NotRun);
        execution["after"].RunId.Should().BeNull();
        var act = () => execution.EnsureSucceeded();
        act.Should().Throw<PipelineFailedException>().WithMessage("*step 'bad' failed after 1 attempt(s)*column 'x' is missing*");
        var run = await _harness.RunAsync(execution.RunId);
        run.Info.Status.Should().Be(RunStatus.Failed);
        run.Info.Error.Should().Contain("bad");
        (await _harness.RunAsync(execution["bad"].RunId!)).Info.Status.Should().Be(RunStatus.Failed);
    }

    [Fact]
    public async Task Resume_reuses_what_succeeded_and_runs_from_the_failed_step_on_the_stored_input()
    {
        var broken = true;
        var calls = new ConcurrentDictionary<string, int>();
        Pipeline<Numbers> Build()
        {
            var builder = Pipeline.Create<Numbers>("resumable");
            var load = builder.Add(Step.Create<Numbers, int>("load", (n, _) => Count(calls, "load", n.Data.Length)), builder.Input);
            var train = builder.Add(Step.Create<int, int>("train", (v, _) => broken ? throw new InvalidOperationException("out of memory") : Count(calls, "train", v * 10)), load);
            builder.Add(Step.Create<int, int>("evaluate", (v, _) => Count(calls, "evaluate", v + 1)), train);
            return builder.Build();
        }

        var failed = await _harness.Runner.RunAsync(Build(), new Numbers([9, 9, 9]), new PipelineRunOptions { DisableCache = true }, Ct);
        failed.Status.Should().Be(PipelineExecutionStatus.Failed);
        broken = false;

        var resumed = await _harness.Runner.ResumeAsync(Build(), failed.RunId, new PipelineRunOptions { DisableCache = true }, Ct);

        resumed.Status.Should().Be(PipelineExecutionStatus.Succeeded);
        resumed.ResumedFromRunId.Should().Be(failed.RunId);
        resumed["load"].Outcome.Should().Be(StepOutcome.Reused);
        resumed["load"].SourceRunId.Should().Be(failed["load"].RunId);
        resumed["train"].Outcome.Should().Be(StepOutcome.Executed);
        resumed["evaluate"].Outcome.Should().Be(StepOutcome.Executed);
        calls["load"].Should().Be(1);
        resumed.Steps.Single(s => s.Name == "evaluate").OutputDigest.Should().NotBeNull();
        (await _harness.RunAsync(resumed.RunId)).Tags[PipelineTags.ResumedFrom].Should().Be(failed.RunId);

        var again = () => _harness.Runner.ResumeAsync(Build(), resumed.RunId, cancellationToken: Ct);
        await again.Should().ThrowAsync<MlopsConflictException>().WithMessage("*finished; there is nothing to resume*");
    }

    [Fact]
    public async Task Resume_runs_a_succeeded_step_again_when_its_version_changed()
    {
        var builder = Pipeline.Create<int>("versioned");
        var a = builder.Add(Step.Create<int, int>("a", (v, _) => Task.FromResult(v + 1)), builder.Input);
        builder.Add(Step.Create<int, int>("b", (_, _) => throw new InvalidOperationException("bug")), a);
        var failed = await _harness.Runner.RunAsync(builder.Build(), 1, new PipelineRunOptions { DisableCache = true }, Ct);

        var fixedBuilder = Pipeline.Create<int>("versioned");
        var a2 = fixedBuilder.Add(Step.Create<int, int>("a", (v, _) => Task.FromResult(v + 2), version: "2"), fixedBuilder.Input);
        var b2 = fixedBuilder.Add(Step.Create<int, int>("b", (v, _) => Task.FromResult(v * 100)), a2);
        var resumed = await _harness.Runner.ResumeAsync(fixedBuilder.Build(), failed.RunId, new PipelineRunOptions { DisableCache = true }, Ct);

        resumed["a"].Outcome.Should().Be(StepOutcome.Executed);
        resumed.GetOutput(b2).Should().Be(300);
    }

    [Fact]
    public async Task Resume_refuses_a_run_of_another_pipeline_and_a_run_still_running()
    {
        var (pipeline, _, _) = Diamond();
        await using var plain = await _harness.Tracker.StartRunAsync("not-a-pipeline", cancellationToken: Ct);

        var other = () => _harness.Runner.ResumeAsync(pipeline, plain.RunId, cancellationToken: Ct);

        await other.Should().ThrowAsync<MlopsValidationException>().WithMessage("*only an execution of pipeline 'diamond'*not a pipeline execution*");
    }

    [Fact]
    public async Task Cancelling_stops_the_running_step_and_ends_its_run_and_the_execution_as_killed()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = Pipeline.Create<int>("cancellable");
        var wait = builder.Add(Step.Create<int, int>("wait", async (v, c) =>
        {
            entered.SetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, c.CancellationToken);
            return v;
        }), builder.Input);
        builder.Add(Step.Create<int, int>("never", (v, _) => Task.FromResult(v)), wait);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        string? runId = null;

        var running = _harness.Runner.RunAsync(builder.Build(), 1, new PipelineRunOptions
        {
            ExecutionStarted = (id, _) =>
            {
                runId = id;
                return Task.CompletedTask;
            },
        }, cancel.Token);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await cancel.CancelAsync();

        await running.Awaiting(t => t).Should().ThrowAsync<OperationCanceledException>();
        var execution = await _harness.RunAsync(runId!);
        execution.Info.Status.Should().Be(RunStatus.Killed);
        var steps = await _harness.Tracker.GetChildRunsAsync(runId!, Ct);
        steps.Should().ContainSingle().Which.Status.Should().Be(RunStatus.Killed);
    }

    [Fact]
    public async Task A_registered_pipeline_runs_by_name_with_its_trigger_recorded_and_unknown_names_are_not_found()
    {
        var provider = _harness.Create(p => p.AddPipeline(
            _ =>
            {
                var builder = Pipeline.Create<string>("by-name");
                builder.Add(Step.Create<string, int>("length", (s, _) => Task.FromResult(s.Length)), builder.Input);
                return builder.Build();
            },
            (trigger, _, _) => Task.FromResult($"made for {trigger.Name}")));
        var runner = provider.GetRequiredService<IPipelineRunner>();

        var execution = await runner.RunAsync("by-name", new PipelineTrigger(PipelineTriggerKinds.Schedule, "nightly", "cron 0 2 * * *"), Ct);
        var unknown = () => runner.RunAsync("nope", PipelineTrigger.Manual("me"), Ct);

        execution.Status.Should().Be(PipelineExecutionStatus.Succeeded);
        execution.Steps.Single().OutputDigest.Should().NotBeNull();
        var run = await _harness.RunAsync(execution.RunId);
        run.Tags[PipelineTags.TriggerKind].Should().Be("schedule");
        run.Tags[PipelineTags.TriggerName].Should().Be("nightly");
        (await _harness.ReadTextArtifactAsync(run.RunId, "pipeline/input/output.json")).Should().Be("\"made for nightly\"");
        await unknown.Should().ThrowAsync<MlopsNotFoundException>().WithMessage("*nope*");
    }

    [Fact]
    public async Task Taking_over_an_execution_left_running_by_a_dead_instance_ends_it_as_killed_and_resumes()
    {
        var block = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stuck = true;
        void Register(PipelinesBuilder p) => p.AddPipeline(
            _ =>
            {
                var builder = Pipeline.Create<int>("takeover");
                var first = builder.Add(Step.Create<int, int>("first", (v, _) => Task.FromResult(v + 1)), builder.Input);
                builder.Add(Step.Create<int, int>("second", async (v, _) =>
                {
                    if (stuck)
                    {
                        entered.TrySetResult();
                        return await block.Task;
                    }

                    return v * 2;
                }), first);
                return builder.Build();
            },
            (_, _, _) => Task.FromResult(20));
        var dying = _harness.Create(Register);
        var survivor = _harness.Create(Register);
        string? runId = null;
        using var stopDying = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var abandoned = dying.GetRequiredService<IPipelineRunner>().RunAsync("takeover", new PipelineRunOptions
        {
            ExecutionStarted = (id, _) =>
            {
                runId = id;
                return Task.CompletedTask;
            },
        }, stopDying.Token);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        stuck = false;

        var resumed = await survivor.GetRequiredService<IPipelineRunner>().ResumeAsync("takeover", runId!, new PipelineRunOptions(), "lease expired", Ct);

        resumed.Status.Should().Be(PipelineExecutionStatus.Succeeded);
        resumed["first"].Outcome.Should().Be(StepOutcome.Reused);
        resumed["second"].Outcome.Should().Be(StepOutcome.Executed);
        var old = await _harness.RunAsync(runId!);
        old.Info.Status.Should().Be(RunStatus.Killed);
        old.Info.Error.Should().Be("lease expired");
        await stopDying.CancelAsync();
        block.SetCanceled(Ct);
        await abandoned.Awaiting(t => t).Should().ThrowAsync<Exception>(); // the "dead" instance finds its runs ended
    }

    [Fact]
    public void Names_and_graphs_are_checked_when_built()
    {
        var builder = Pipeline.Create<int>("checked");
        var other = Pipeline.Create<int>("other");

        var badName = () => Step.Create<int, int>("bad name!", (v, _) => Task.FromResult(v));
        var badPipeline = () => Pipeline.Create<int>("");
        var badVersion = () => Step.Create<int, int>("ok", (v, _) => Task.FromResult(v), version: "1 2");
        builder.Add(Step.Create<int, int>("a", (v, _) => Task.FromResult(v)), builder.Input);
        var duplicate = () => builder.Add(Step.Create<int, int>("a", (v, _) => Task.FromResult(v)), builder.Input);
        var reserved = () => builder.Add(Step.Create<int, int>("input", (v, _) => Task.FromResult(v)), builder.Input);
        var foreign = () => builder.Add(Step.Create<int, int>("b", (v, _) => Task.FromResult(v)), other.Input);
        var empty = () => other.Build();

        badName.Should().Throw<MlopsValidationException>().WithMessage("*bad name!*letters, digits*");
        badPipeline.Should().Throw<MlopsValidationException>().WithMessage("*pipeline name*");
        badVersion.Should().Throw<MlopsValidationException>().WithMessage("*step version*");
        duplicate.Should().Throw<MlopsValidationException>().WithMessage("*unique*");
        reserved.Should().Throw<MlopsValidationException>().WithMessage("*unique*'input'*");
        foreign.Should().Throw<MlopsValidationException>().WithMessage("*another pipeline*");
        empty.Should().Throw<MlopsValidationException>().WithMessage("*at least one step*");
    }

    [Fact]
    public async Task Zero_parallel_steps_is_refused_before_anything_is_written()
    {
        var (pipeline, _, _) = Diamond();

        var act = () => _harness.Runner.RunAsync(pipeline, new Numbers([1]), new PipelineRunOptions { MaxParallelSteps = 0 }, Ct);

        await act.Should().ThrowAsync<MlopsValidationException>().WithMessage("*MaxParallelSteps*0*");
        (await _harness.Tracker.ListExperimentsAsync(Ct)).Should().BeEmpty();
    }

    private static Task<int> Count(ConcurrentDictionary<string, int> calls, string name, int value)
    {
        calls.AddOrUpdate(name, 1, (_, n) => n + 1);
        return Task.FromResult(value);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
