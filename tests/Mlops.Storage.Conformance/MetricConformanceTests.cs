using Mlops.Tracking;

namespace Mlops.Storage.Conformance;

/// <summary>Metrics: history order, the latest-value rule, special values, all-or-nothing batches.</summary>
/// <typeparam name="TProvider">The provider under test.</typeparam>
public abstract class MetricConformanceTests<TProvider> : StoreConformanceBase<TProvider>
    where TProvider : IStoreConformanceProvider, new()
{
    private async Task<string> NewRunAsync() => await CreateRunAsync((await CreateExperimentAsync()).ExperimentId);

    private Task AppendAsync(params MetricPoint[] points) => Store.AppendMetricsAsync(points, Ct);

    private async Task<IReadOnlyList<Metric>> HistoryAsync(string runId, string key) => await Store.GetMetricHistoryAsync(runId, key, Ct);

    private static Metric M(string key, double value, long step, long offsetMs) =>
        new(key, value, step, DateTimeOffset.FromUnixTimeMilliseconds(T0.ToUnixTimeMilliseconds() + offsetMs));

    [Fact]
    public async Task GetMetricHistory_OrdersByStepThenTimestampThenInsertion()
    {
        var runId = await NewRunAsync();
        await AppendAsync(
            Point(runId, "loss", 5, step: 2, offsetMs: 10),
            Point(runId, "loss", 1, step: 1, offsetMs: 50),
            Point(runId, "loss", 2, step: 1, offsetMs: 20),
            Point(runId, "loss", 3, step: 1, offsetMs: 20));
        await AppendAsync(Point(runId, "loss", 4, step: 1, offsetMs: 20), Point(runId, "loss", 0, step: 0, offsetMs: 99));

        var history = await HistoryAsync(runId, "loss");

        history.Should().Equal(
            M("loss", 0, 0, 99), M("loss", 2, 1, 20), M("loss", 3, 1, 20), M("loss", 4, 1, 20), M("loss", 1, 1, 50), M("loss", 5, 2, 10));
        history.Should().OnlyContain(m => m.Timestamp.Offset == TimeSpan.Zero);
    }

    [Fact]
    public async Task SpecialValues_NaNAndInfinities_RoundTrip()
    {
        var runId = await NewRunAsync();
        await AppendAsync(
            Point(runId, "nan", double.NaN),
            Point(runId, "pinf", double.PositiveInfinity),
            Point(runId, "ninf", double.NegativeInfinity),
            Point(runId, "tiny", double.Epsilon),
            Point(runId, "max", double.MaxValue),
            Point(runId, "negzero", -0.0));

        double.IsNaN((await HistoryAsync(runId, "nan"))[0].Value).Should().BeTrue();
        (await HistoryAsync(runId, "pinf"))[0].Value.Should().Be(double.PositiveInfinity);
        (await HistoryAsync(runId, "ninf"))[0].Value.Should().Be(double.NegativeInfinity);
        (await HistoryAsync(runId, "tiny"))[0].Value.Should().Be(double.Epsilon);
        (await HistoryAsync(runId, "max"))[0].Value.Should().Be(double.MaxValue);
        var latest = (await GetRunAsync(runId)).LatestMetrics;
        double.IsNaN(latest["nan"].Value).Should().BeTrue();
        latest["pinf"].Value.Should().Be(double.PositiveInfinity);
        latest["ninf"].Value.Should().Be(double.NegativeInfinity);
        latest["negzero"].Value.Should().Be(0.0);
    }

    [Fact]
    public async Task LatestValue_IsTheHighestStepEvenIfLoggedEarlier()
    {
        var runId = await NewRunAsync();
        await AppendAsync(Point(runId, "acc", 0.9, step: 10, offsetMs: 1));
        await AppendAsync(Point(runId, "acc", 0.1, step: 3, offsetMs: 500));

        (await GetRunAsync(runId)).LatestMetrics["acc"].Should().Be(M("acc", 0.9, 10, 1));
    }

    [Fact]
    public async Task LatestValue_OnAStepTie_IsTheLatestTimestamp()
    {
        var runId = await NewRunAsync();
        await AppendAsync(Point(runId, "acc", 0.5, step: 4, offsetMs: 300), Point(runId, "acc", 0.7, step: 4, offsetMs: 100));
        await AppendAsync(Point(runId, "acc", 0.6, step: 4, offsetMs: 200));

        (await GetRunAsync(runId)).LatestMetrics["acc"].Should().Be(M("acc", 0.5, 4, 300));
    }

    [Fact]
    public async Task LatestValue_OnAStepAndTimestampTie_IsTheLastAppended()
    {
        var runId = await NewRunAsync();
        await AppendAsync(Point(runId, "acc", 0.2, step: 1, offsetMs: 5), Point(runId, "acc", 0.1, step: 1, offsetMs: 5));
        (await GetRunAsync(runId)).LatestMetrics["acc"].Value.Should().Be(0.1, "within a batch the later point wins");

        await AppendAsync(Point(runId, "acc", 0.05, step: 1, offsetMs: 5));
        (await GetRunAsync(runId)).LatestMetrics["acc"].Value.Should().Be(0.05, "a later batch wins over an earlier one");
    }

    [Fact]
    public async Task LatestValues_AreKeptPerKeyAndPerRun()
    {
        var experiment = await CreateExperimentAsync();
        var first = await CreateRunAsync(experiment.ExperimentId);
        var second = await CreateRunAsync(experiment.ExperimentId);

        await AppendAsync(
            Point(first, "acc", 0.1, step: 1), Point(first, "loss", 9, step: 1), Point(second, "acc", 0.8, step: 1),
            Point(first, "acc", 0.2, step: 2), Point(second, "acc", 0.7, step: 0));

        var firstLatest = (await GetRunAsync(first)).LatestMetrics;
        firstLatest.Keys.Should().BeEquivalentTo("acc", "loss");
        firstLatest["acc"].Value.Should().Be(0.2);
        firstLatest["loss"].Value.Should().Be(9);
        (await GetRunAsync(second)).LatestMetrics["acc"].Value.Should().Be(0.8);
        (await HistoryAsync(second, "acc")).Select(m => m.Value).Should().Equal(0.7, 0.8);
    }

    [Fact]
    public async Task AppendMetrics_WithAnUnknownRun_IsNotFoundAndWritesNothingOfTheBatch()
    {
        var runId = await NewRunAsync();
        await AppendAsync(Point(runId, "acc", 0.5, step: 1));
        var missing = NewId();
        var before = await SnapshotAsync(runId);

        var act = () => AppendAsync(Point(runId, "acc", 0.9, step: 2), Point(runId, "new", 1), Point(missing, "acc", 1));

        (await act.Should().ThrowAsync<MlopsNotFoundException>()).Which.Should().BeEquivalentTo(new { EntityKind = "run", Identifier = missing });
        await ShouldBeUnchangedAsync(before, runId);
        (await HistoryAsync(runId, "acc")).Should().ContainSingle();
        (await HistoryAsync(runId, "new")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("bad;key")]
    [InlineData("/abs")]
    [InlineData("")]
    public async Task AppendMetrics_WithAnInvalidKey_IsAValidationErrorAndWritesNothingOfTheBatch(string key)
    {
        var runId = await NewRunAsync();
        var before = await SnapshotAsync(runId);

        var act = () => AppendAsync(Point(runId, "good", 1), Point(runId, key, 2));

        await act.Should().ThrowAsync<MlopsValidationException>();
        await ShouldBeUnchangedAsync(before, runId);
        (await HistoryAsync(runId, "good")).Should().BeEmpty();
    }

    [Fact]
    public async Task GetMetricHistory_UnknownRunIsNotFoundAndUnknownKeyIsEmpty()
    {
        var runId = await NewRunAsync();
        var missing = NewId();

        (await HistoryAsync(runId, "never")).Should().BeEmpty();
        (await FluentActions.Awaiting(() => HistoryAsync(missing, "acc")).Should().ThrowAsync<MlopsNotFoundException>())
            .Which.Should().BeEquivalentTo(new { EntityKind = "run", Identifier = missing });
    }

    [Fact]
    public async Task AppendMetrics_EmptyBatchAndMetricsInGeneral_DoNotJournal()
    {
        var runId = await NewRunAsync();
        var head = await Store.GetJournalHeadAsync(Ct);

        await Store.AppendMetricsAsync(ReadOnlyMemory<MetricPoint>.Empty, Ct);
        await AppendAsync(Point(runId, "acc", 1, step: long.MaxValue), Point(runId, "acc", 2, step: long.MinValue, offsetMs: -5));

        (await Store.GetJournalHeadAsync(Ct)).Should().Be(head);
        (await HistoryAsync(runId, "acc")).Should().Equal(M("acc", 2, long.MinValue, -5), M("acc", 1, long.MaxValue, 0));
    }

    [Fact]
    public async Task AppendMetrics_LargeBatch_IsStoredCompletely()
    {
        var runId = await NewRunAsync();
        var points = Enumerable.Range(0, 5000).Select(i => Point(runId, "k" + (i % 7), i, step: i, offsetMs: i)).ToArray();

        await Store.AppendMetricsAsync(points, Ct);

        for (var k = 0; k < 7; k++)
        {
            var history = await HistoryAsync(runId, "k" + k);
            history.Select(m => m.Step).Should().Equal(points.Where(p => p.Key == "k" + k).Select(p => p.Step));
        }

        (await GetRunAsync(runId)).LatestMetrics["k0"].Value.Should().Be(4998);
    }
}
