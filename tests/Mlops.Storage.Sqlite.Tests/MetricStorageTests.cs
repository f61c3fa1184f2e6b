using Mlops.Storage.Sqlite.Internal;
using Mlops.Storage.Sqlite.Tests.TestSupport;
using static Mlops.Storage.Sqlite.Tests.TestSupport.StoreData;

namespace Mlops.Storage.Sqlite.Tests;

public sealed class MetricStorageTests
{
    [Fact]
    public async Task ABatch_IsStoredAsOneChunkPerRunAndKey_UnderTheIntegerRunKey()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenInitializedAsync();
        var runId = await store.RunAsync((await store.ExperimentAsync()).ExperimentId);

        await store.AppendMetricsAsync(Enumerable.Range(0, 300).Select(i => Point(runId, i % 3 == 0 ? "loss" : "acc", i, step: i)).ToArray(), Ct);

        db.Scalar("SELECT count(*) FROM metric_chunks").Should().Be(2L);
        db.Scalar("SELECT DISTINCT typeof(run_key) FROM metric_chunks").Should().Be("integer");
        (await store.GetMetricHistoryAsync(runId, "loss", Ct)).Should().HaveCount(100);
        (await store.GetMetricHistoryAsync(runId, "acc", Ct)).Should().HaveCount(200);
    }

    [Fact]
    public async Task History_SpanningSeveralChunksAndBatches_KeepsStepTimestampAndAppendOrder()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenInitializedAsync();
        var runId = await store.RunAsync((await store.ExperimentAsync()).ExperimentId);
        var total = MetricChunk.MaxPoints * 2 + 17;

        // Steps descend and every point shares its step and timestamp with one other, so only append order breaks ties.
        var first = Enumerable.Range(0, total).Select(i => Point(runId, "loss", i, step: total - i / 2, offsetMs: 5)).ToArray();
        await store.AppendMetricsAsync(first, Ct);
        await store.AppendMetricsAsync(new[] { Point(runId, "loss", -1, step: total, offsetMs: 5) }, Ct);

        var history = await store.GetMetricHistoryAsync(runId, "loss", Ct);

        history.Should().HaveCount(total + 1);
        history.Select(m => m.Step).Should().BeInAscendingOrder();
        history.Skip(total - 2).Select(m => m.Value).Should().Equal(0, 1, -1);
        db.Scalar("SELECT count(*) FROM metric_chunks").Should().Be(4L);
    }

    [Fact]
    public async Task NaN_IsExactInTheHistoryAndNullInTheLatestValueTable()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenInitializedAsync();
        var runId = await store.RunAsync((await store.ExperimentAsync()).ExperimentId);
        var payloadNaN = BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0123);

        await store.AppendMetricsAsync(new[] { Point(runId, "loss", payloadNaN), Point(runId, "inf", double.NegativeInfinity) }, Ct);

        BitConverter.DoubleToInt64Bits((await store.GetMetricHistoryAsync(runId, "loss", Ct))[0].Value).Should().Be(0x7FF8_0000_0000_0123);
        db.Scalar("SELECT count(*) FROM latest_metrics WHERE value IS NULL").Should().Be(1L);
        var latest = (await store.GetRunAsync(runId, Ct))!.LatestMetrics;
        double.IsNaN(latest["loss"].Value).Should().BeTrue();
        latest["inf"].Value.Should().Be(double.NegativeInfinity);
    }

    [Fact]
    public async Task ABatch_WritesTheLatestValueOncePerRunAndKey()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenInitializedAsync();
        var experimentId = (await store.ExperimentAsync()).ExperimentId;
        var a = await store.RunAsync(experimentId);
        var b = await store.RunAsync(experimentId);

        await store.AppendMetricsAsync(new[]
        {
            Point(a, "acc", 1, step: 3), Point(b, "acc", 2, step: 1), Point(a, "acc", 3, step: 2), Point(a, "acc", 4, step: 3, offsetMs: -1),
        }, Ct);

        db.Scalar("SELECT count(*) FROM latest_metrics").Should().Be(2L);
        (await store.GetRunAsync(a, Ct))!.LatestMetrics["acc"].Value.Should().Be(1);
        (await store.GetRunAsync(b, Ct))!.LatestMetrics["acc"].Value.Should().Be(2);
    }
}
