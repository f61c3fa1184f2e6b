using Mlops.Journal;
using Mlops.Tracking;

namespace Mlops.Storage.Conformance;

/// <summary>Runs: creation, reading, ending, nesting and every error, each leaving the store unchanged.</summary>
/// <typeparam name="TProvider">The provider under test.</typeparam>
public abstract class RunConformanceTests<TProvider> : StoreConformanceBase<TProvider>
    where TProvider : IStoreConformanceProvider, new()
{
    [Fact]
    public async Task CreateRun_ThenGetRun_ReturnsARunningRunWithItsTags()
    {
        var experiment = await CreateExperimentAsync();
        var runId = NewId();
        var start = T0.AddMinutes(5);
        var tags = new Dictionary<string, string> { ["team"] = "ml", ["mlops.source"] = "train.cs", ["with space"] = "it's \"quoted\"" };

        await Store.CreateRunAsync(new NewRun(runId, experiment.ExperimentId, "first run", null, start, "alice", tags),
            Draft(JournalKinds.RunCreated, $"run/{runId}"), Ct);

        var run = await GetRunAsync(runId);
        run.Info.Should().Be(new RunInfo(runId, experiment.ExperimentId, "first run", null, RunStatus.Running, start, null, "alice", null));
        run.RunId.Should().Be(runId);
        run.Tags.Should().BeEquivalentTo(tags);
        run.Params.Should().BeEmpty();
        run.LatestMetrics.Should().BeEmpty();
        run.Inputs.Should().BeEmpty();
    }

    [Fact]
    public async Task CreateRun_AppendsItsJournalDraft()
    {
        var experiment = await CreateExperimentAsync();
        var runId = NewId();
        var payload = JournalPayload.Create(("runId", runId), ("name", "r"));
        var draft = new JournalDraft(JournalKinds.RunCreated, $"run/{runId}", "bob", T0.AddSeconds(3), payload);

        await Store.CreateRunAsync(new NewRun(runId, experiment.ExperimentId, "r", null, T0, "bob", new Dictionary<string, string>()), draft, Ct);

        var last = (await ReadAllJournalAsync())[^1];
        last.Should().BeEquivalentTo(new { Sequence = 2L, draft.Kind, draft.Subject, draft.Actor, draft.Payload, draft.Timestamp });
    }

    [Fact]
    public async Task GetRun_Unknown_ReturnsNull() =>
        (await Store.GetRunAsync(NewId(), Ct)).Should().BeNull();

    [Fact]
    public async Task CreateRun_UnknownExperiment_IsNotFoundAndWritesNothing()
    {
        await CreateExperimentAsync();
        var runId = NewId();
        var missing = NewId();
        var before = await SnapshotAsync(runId);

        var act = () => CreateRunAsync(missing, runId: runId);

        var error = (await act.Should().ThrowAsync<MlopsNotFoundException>()).Which;
        error.EntityKind.Should().Be("experiment");
        error.Identifier.Should().Be(missing);
        await ShouldBeUnchangedAsync(before, runId);
    }

    [Fact]
    public async Task CreateRun_UnknownParent_IsNotFoundAndWritesNothing()
    {
        var experiment = await CreateExperimentAsync();
        var runId = NewId();
        var missingParent = NewId();
        var before = await SnapshotAsync(runId);

        var act = () => CreateRunAsync(experiment.ExperimentId, parentRunId: missingParent, runId: runId);

        var error = (await act.Should().ThrowAsync<MlopsNotFoundException>()).Which;
        error.EntityKind.Should().Be("run");
        error.Identifier.Should().Be(missingParent);
        await ShouldBeUnchangedAsync(before, runId);
    }

    [Fact]
    public async Task CreateRun_ParentInAnotherExperiment_IsAValidationErrorAndWritesNothing()
    {
        var first = await CreateExperimentAsync();
        var second = await CreateExperimentAsync();
        var parent = await CreateRunAsync(first.ExperimentId);
        var runId = NewId();
        var before = await SnapshotAsync(parent, runId);

        var act = () => CreateRunAsync(second.ExperimentId, parentRunId: parent, runId: runId);

        (await act.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("parent run");
        await ShouldBeUnchangedAsync(before, parent, runId);
    }

    [Fact]
    public async Task CreateRun_DuplicateId_IsAConflictAndLeavesTheOriginal()
    {
        var experiment = await CreateExperimentAsync();
        var runId = await CreateRunAsync(experiment.ExperimentId, runName: "original", tags: new Dictionary<string, string> { ["a"] = "1" });
        var before = await SnapshotAsync(runId);

        var act = () => CreateRunAsync(experiment.ExperimentId, runName: "impostor", runId: runId,
            tags: new Dictionary<string, string> { ["a"] = "2", ["b"] = "3" });

        await act.Should().ThrowAsync<MlopsConflictException>();
        await ShouldBeUnchangedAsync(before, runId);
    }

    [Theory]
    [InlineData("bad;key", "v")]
    [InlineData("/leading", "v")]
    [InlineData("", "v")]
    [InlineData("ok", null)]
    public async Task CreateRun_InvalidTag_IsAValidationErrorAndLeavesNoRunAndNoJournalEntry(string key, string? value)
    {
        var experiment = await CreateExperimentAsync();
        var runId = NewId();
        var before = await SnapshotAsync(runId);
        var tags = new Dictionary<string, string> { ["fine"] = "yes", [key] = value! };

        var act = () => CreateRunAsync(experiment.ExperimentId, runId: runId, tags: tags);

        await act.Should().ThrowAsync<MlopsValidationException>();
        await ShouldBeUnchangedAsync(before, runId);
    }

    [Fact]
    public async Task CreateRun_TagValueOverTheLimit_IsAValidationError()
    {
        var experiment = await CreateExperimentAsync();
        var runId = NewId();
        var before = await SnapshotAsync(runId);

        var act = () => CreateRunAsync(experiment.ExperimentId, runId: runId,
            tags: new Dictionary<string, string> { ["long"] = new('x', InputRules.MaxTagValueLength + 1) });

        await act.Should().ThrowAsync<MlopsValidationException>();
        await ShouldBeUnchangedAsync(before, runId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task CreateRun_InvalidName_IsAValidationErrorAndWritesNothing(string name)
    {
        var experiment = await CreateExperimentAsync();
        var runId = NewId();
        var before = await SnapshotAsync(runId);

        var act = () => Store.CreateRunAsync(
            new NewRun(runId, experiment.ExperimentId, name, null, T0, "alice", new Dictionary<string, string>()),
            Draft(JournalKinds.RunCreated, $"run/{runId}"), Ct);

        await act.Should().ThrowAsync<MlopsValidationException>();
        await ShouldBeUnchangedAsync(before, runId);
    }

    [Theory]
    [InlineData(RunStatus.Finished, null)]
    [InlineData(RunStatus.Failed, "boom: it's broken")]
    [InlineData(RunStatus.Killed, null)]
    public async Task EndRun_SetsStatusEndTimeAndErrorAndJournalsRunEnded(RunStatus status, string? error)
    {
        var experiment = await CreateExperimentAsync();
        var runId = await CreateRunAsync(experiment.ExperimentId, startTime: T0);
        var end = T0.AddMinutes(3).AddTicks(4_321);

        await EndRunAsync(runId, status, end, error);

        var info = (await GetRunAsync(runId)).Info;
        info.Status.Should().Be(status);
        info.EndTime.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(end.ToUnixTimeMilliseconds()));
        info.EndTime!.Value.Offset.Should().Be(TimeSpan.Zero);
        info.Error.Should().Be(error);
        var last = (await ReadAllJournalAsync())[^1];
        last.Kind.Should().Be(JournalKinds.RunEnded);
        last.Subject.Should().Be($"run/{runId}");
        last.Sequence.Should().Be(3);
    }

    [Fact]
    public async Task EndRun_WithStatusRunning_IsAValidationErrorAndWritesNothing()
    {
        var experiment = await CreateExperimentAsync();
        var runId = await CreateRunAsync(experiment.ExperimentId);
        var before = await SnapshotAsync(runId);

        var act = () => EndRunAsync(runId, RunStatus.Running, T0.AddMinutes(1));

        await act.Should().ThrowAsync<MlopsValidationException>();
        await ShouldBeUnchangedAsync(before, runId);
    }

    [Fact]
    public async Task EndRun_AlreadyEnded_IsAConflictNamingTheStatusAndWritesNothing()
    {
        var experiment = await CreateExperimentAsync();
        var runId = await CreateRunAsync(experiment.ExperimentId);
        await EndRunAsync(runId, RunStatus.Finished, T0.AddMinutes(1));
        var before = await SnapshotAsync(runId);

        var act = () => EndRunAsync(runId, RunStatus.Failed, T0.AddMinutes(2), "late");

        (await act.Should().ThrowAsync<MlopsConflictException>()).Which.Message.Should().ContainEquivalentOf("finished");
        await ShouldBeUnchangedAsync(before, runId);
    }

    [Fact]
    public async Task EndRun_UnknownRun_IsNotFoundAndWritesNothing()
    {
        await CreateExperimentAsync();
        var missing = NewId();
        var before = await SnapshotAsync(missing);

        var act = () => EndRunAsync(missing, RunStatus.Finished, T0);

        var error = (await act.Should().ThrowAsync<MlopsNotFoundException>()).Which;
        error.EntityKind.Should().Be("run");
        error.Identifier.Should().Be(missing);
        await ShouldBeUnchangedAsync(before, missing);
    }

    [Fact]
    public async Task GetChildRuns_ListsDirectChildrenByStartTimeThenRunId()
    {
        var experiment = await CreateExperimentAsync();
        var parent = await CreateRunAsync(experiment.ExperimentId, startTime: T0);
        var late = await CreateRunAsync(experiment.ExperimentId, startTime: T0.AddSeconds(30), parentRunId: parent);
        var tiedB = await CreateRunAsync(experiment.ExperimentId, startTime: T0.AddSeconds(10), parentRunId: parent, runId: "b" + NewId()[1..]);
        var tiedA = await CreateRunAsync(experiment.ExperimentId, startTime: T0.AddSeconds(10), parentRunId: parent, runId: "a" + NewId()[1..]);
        var grandchild = await CreateRunAsync(experiment.ExperimentId, startTime: T0.AddSeconds(1), parentRunId: tiedA);
        await CreateRunAsync(experiment.ExperimentId, startTime: T0.AddSeconds(2));

        var children = await Store.GetChildRunsAsync(parent, Ct);

        children.Select(c => c.RunId).Should().Equal(tiedA, tiedB, late);
        children.Should().OnlyContain(c => c.ParentRunId == parent);
        (await Store.GetChildRunsAsync(tiedA, Ct)).Select(c => c.RunId).Should().Equal(grandchild);
        (await Store.GetChildRunsAsync(late, Ct)).Should().BeEmpty();
        (await GetRunAsync(grandchild)).Info.ParentRunId.Should().Be(tiedA);
    }

    [Fact]
    public async Task Runs_AreVisibleToASecondInstance()
    {
        var experiment = await CreateExperimentAsync();
        var runId = await CreateRunAsync(experiment.ExperimentId, tags: new Dictionary<string, string> { ["k"] = "v" });
        var second = await OpenSecondAsync();

        var run = await second.GetRunAsync(runId, Ct);

        run.Should().BeEquivalentTo(await GetRunAsync(runId));
        (await second.GetExperimentByNameAsync(experiment.Name, Ct)).Should().Be(experiment);
    }
}
