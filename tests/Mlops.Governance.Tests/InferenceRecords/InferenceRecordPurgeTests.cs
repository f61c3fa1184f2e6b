using System.Text.Json;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Mlops.Journal;
using static Mlops.Governance.Tests.Oversight.OversightSetup;

namespace Mlops.Governance.Tests.InferenceRecords;

public sealed class InferenceRecordPurgeTests(TrainedModels models)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Purging_removes_only_records_older_than_the_retention_and_journals_it()
    {
        await using var harness = new GovernanceHarness(models);
        await PublishAsync(harness);
        var time = new FakeTimeProvider(Start);
        var app = await ServeAsync(harness, "ops-bot", governance: g => g.AddInferenceRecords(o => o.Retention = TimeSpan.FromDays(183)), extra: s => s.AddSingleton<TimeProvider>(time));
        var predictor = Predictor(app);
        var records = app.GetRequiredService<IInferenceRecords>();
        var rows = models.CompletePenguins;

        predictor.Predict(rows[0]);
        predictor.Predict(rows[1]);
        await records.FlushAsync(Ct);
        time.Advance(TimeSpan.FromDays(100));
        predictor.Predict(rows[2]);
        await records.FlushAsync(Ct);

        // Day 183 after the first two: not yet older than the retention.
        time.Advance(TimeSpan.FromDays(83));
        (await records.PurgeExpiredAsync(Ct)).Should().Be(0);
        (await records.ReadAsync(new InferenceRecordQuery(), Ct)).Should().HaveCount(3);

        time.Advance(TimeSpan.FromDays(1));
        (await records.PurgeExpiredAsync(Ct)).Should().Be(2);

        var left = await records.ReadAsync(new InferenceRecordQuery(), Ct);
        left.Should().ContainSingle().Which.Timestamp.Should().Be(Start + TimeSpan.FromDays(100));
        var purges = (await harness.JournalAsync()).Where(e => e.Kind == JournalKinds.InferenceRecordsPurged).ToList();
        purges.Should().ContainSingle();
        purges[0].Actor.Should().Be("ops-bot");
        using var payload = JsonDocument.Parse(purges[0].Payload);
        payload.RootElement.GetProperty("cutoff").GetDateTimeOffset().Should().Be(Start + TimeSpan.FromDays(1));

        (await records.PurgeExpiredAsync(Ct)).Should().Be(0, "nothing else expired");
        (await harness.JournalAsync()).Count(e => e.Kind == JournalKinds.InferenceRecordsPurged).Should().Be(1, "an empty purge writes nothing");
    }
}
