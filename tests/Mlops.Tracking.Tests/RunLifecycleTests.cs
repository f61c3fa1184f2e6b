using Mlops.Journal;

namespace Mlops.Tracking.Tests;

public sealed class RunLifecycleTests : IAsyncLifetime
{
    private readonly TrackingHarness _h = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _h.DisposeAsync();

    [Fact]
    public async Task GetOrCreateExperiment_same_name_returns_the_same_experiment()
    {
        var first = await _h.Tracker.GetOrCreateExperimentAsync("penguins", Ct);
        var second = await _h.Tracker.GetOrCreateExperimentAsync("penguins", Ct);

        second.Should().Be(first);
        first.CreatedBy.Should().Be("alice");
        (await _h.Tracker.ListExperimentsAsync(Ct)).Should().ContainSingle(e => e.Name == "penguins");
    }

    [Fact]
    public async Task GetOrCreateExperiment_from_16_concurrent_callers_creates_one_experiment()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 16)
            .Select(_ => Task.Run(() => _h.Tracker.GetOrCreateExperimentAsync("race", Ct), Ct)));

        results.Select(r => r.ExperimentId).Distinct().Should().ContainSingle();
        var entries = await _h.Journal.ReadAsync(cancellationToken: Ct);
        entries.Count(e => e.Kind == JournalKinds.ExperimentCreated).Should().Be(1);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bad\u0007name")]
    public async Task GetOrCreateExperiment_with_an_invalid_name_names_the_rule(string name)
    {
        var act = () => _h.Tracker.GetOrCreateExperimentAsync(name, Ct);

        (await act.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("experiment name");
        (await _h.Tracker.ListExperimentsAsync(Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task StartRun_creates_a_running_run_owned_by_the_actor()
    {
        await using var run = await _h.Tracker.StartRunAsync("exp", new RunOptions { RunName = "first" }, Ct);

        var stored = await _h.Tracker.GetRunAsync(run.RunId, Ct);
        stored.Info.Status.Should().Be(RunStatus.Running);
        stored.Info.RunName.Should().Be("first");
        stored.Info.User.Should().Be("alice");
        stored.Info.EndTime.Should().BeNull();
        run.RunId.Should().MatchRegex("^[0-9a-f]{32}$");
    }

    [Fact]
    public async Task Disposing_the_scope_ends_the_run_finished()
    {
        string runId;
        await using (var run = await _h.Tracker.StartRunAsync("exp", cancellationToken: Ct))
        {
            runId = run.RunId;
        }

        var stored = await _h.Tracker.GetRunAsync(runId, Ct);
        stored.Info.Status.Should().Be(RunStatus.Finished);
        stored.Info.EndTime.Should().NotBeNull();
        stored.Info.EndTime.Should().BeOnOrAfter(stored.Info.StartTime);
    }

    [Fact]
    public async Task MarkFailed_ends_the_run_failed_with_the_error_recorded()
    {
        string runId;
        await using (var run = await _h.Tracker.StartRunAsync("exp", cancellationToken: Ct))
        {
            runId = run.RunId;
            run.MarkFailed(new InvalidOperationException("training diverged"));
        }

        var stored = await _h.Tracker.GetRunAsync(runId, Ct);
        stored.Info.Status.Should().Be(RunStatus.Failed);
        stored.Info.Error.Should().Contain("InvalidOperationException").And.Contain("training diverged");
    }

    [Fact]
    public async Task RunAsync_marks_a_throwing_body_failed_and_rethrows()
    {
        string? runId = null;
        var act = () => _h.Tracker.RunAsync<int>("exp", run =>
        {
            runId = run.RunId;
            throw new ArithmeticException("nan loss");
        }, cancellationToken: Ct);

        await act.Should().ThrowAsync<ArithmeticException>();
        var stored = await _h.Tracker.GetRunAsync(runId!, Ct);
        stored.Info.Status.Should().Be(RunStatus.Failed);
        stored.Info.Error.Should().Contain("nan loss");
    }

    [Fact]
    public async Task RunAsync_returns_the_body_result_and_finishes_the_run()
    {
        string? runId = null;
        var result = await _h.Tracker.RunAsync("exp", async run =>
        {
            runId = run.RunId;
            await run.LogParamAsync("k", "v", Ct);
            return 42;
        }, cancellationToken: Ct);

        result.Should().Be(42);
        (await _h.Tracker.GetRunAsync(runId!, Ct)).Info.Status.Should().Be(RunStatus.Finished);
    }

    [Fact]
    public async Task RunAsync_cancelled_ends_the_run_killed()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        string? runId = null;
        var act = () => _h.Tracker.RunAsync<int>("exp", async run =>
        {
            runId = run.RunId;
            await cts.CancelAsync();
            cts.Token.ThrowIfCancellationRequested();
            return 0;
        }, cancellationToken: cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        (await _h.Tracker.GetRunAsync(runId!, Ct)).Info.Status.Should().Be(RunStatus.Killed);
    }

    [Fact]
    public async Task Ending_a_run_twice_is_a_conflict()
    {
        await using var run = await _h.Tracker.StartRunAsync("exp", cancellationToken: Ct);
        await run.EndAsync(RunStatus.Finished, cancellationToken: Ct);

        var act = () => run.EndAsync(RunStatus.Failed, cancellationToken: Ct);

        await act.Should().ThrowAsync<MlopsConflictException>();
        (await _h.Tracker.GetRunAsync(run.RunId, Ct)).Info.Status.Should().Be(RunStatus.Finished);
    }

    [Fact]
    public async Task Child_runs_record_their_parent_and_are_listed()
    {
        await using var parent = await _h.Tracker.StartRunAsync("cv", cancellationToken: Ct);
        await using (var fold1 = await parent.StartChildRunAsync("fold-1", Ct))
        await using (var fold2 = await parent.StartChildRunAsync("fold-2", Ct))
        {
            fold1.Info.ParentRunId.Should().Be(parent.RunId);
            fold2.ExperimentId.Should().Be(parent.ExperimentId);
        }

        var children = await _h.Tracker.GetChildRunsAsync(parent.RunId, Ct);
        children.Select(c => c.RunName).Should().BeEquivalentTo("fold-1", "fold-2");
        children.Should().OnlyContain(c => c.Status == RunStatus.Finished);
    }

    [Fact]
    public async Task ResumeRun_refuses_an_ended_run_and_continues_a_running_one()
    {
        await using var running = await _h.Tracker.StartRunAsync("exp", cancellationToken: Ct);
        var ended = await _h.Tracker.StartRunAsync("exp", cancellationToken: Ct);
        await ended.EndAsync(cancellationToken: Ct);

        var resumed = await _h.Tracker.ResumeRunAsync(running.RunId, Ct);
        resumed.LogMetric("m", 1);
        await resumed.FlushAsync(Ct);
        (await _h.Tracker.GetMetricHistoryAsync(running.RunId, "m", Ct)).Should().ContainSingle();

        var act = () => _h.Tracker.ResumeRunAsync(ended.RunId, Ct);
        (await act.Should().ThrowAsync<MlopsConflictException>()).Which.Message.Should().Contain("FINISHED");
    }

    [Fact]
    public async Task GetRun_of_an_unknown_id_is_not_found()
    {
        var act = () => _h.Tracker.GetRunAsync("0123456789abcdef0123456789abcdef", Ct);

        (await act.Should().ThrowAsync<MlopsNotFoundException>()).Which.EntityKind.Should().Be("run");
    }

    [Fact]
    public async Task Run_start_and_end_are_journaled_with_the_actor_and_the_chain_verifies()
    {
        string runId;
        await using (var run = await _h.Tracker.StartRunAsync("exp", cancellationToken: Ct))
        {
            runId = run.RunId;
        }

        var entries = await _h.Journal.ReadAsync(cancellationToken: Ct);
        entries.Select(e => e.Kind).Should().Equal(JournalKinds.ExperimentCreated, JournalKinds.RunCreated, JournalKinds.RunEnded);
        entries.Skip(1).Should().OnlyContain(e => e.Subject == "run/" + runId && e.Actor == "alice");
        entries[2].Payload.Should().Contain("FINISHED");
        (await _h.Journal.VerifyAsync(Ct)).IsValid.Should().BeTrue();
    }
}
