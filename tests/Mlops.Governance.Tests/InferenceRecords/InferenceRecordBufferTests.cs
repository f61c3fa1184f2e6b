using System.Diagnostics.Metrics;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Mlops.Journal;
using static Mlops.Governance.Tests.Oversight.OversightSetup;

namespace Mlops.Governance.Tests.InferenceRecords;

public sealed class InferenceRecordBufferTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IReadOnlyList<Penguin> Rows => models.CompletePenguins;

    [Fact]
    public async Task A_full_buffer_drops_records_and_counts_every_drop_in_status_and_metrics()
    {
        await using var harness = new GovernanceHarness(models);
        await PublishAsync(harness);

        // No host runs here, so no writer drains the buffer: two records fill it and the next three cannot wait.
        var app = await ServeAsync(harness, governance: g => g.AddInferenceRecords(o =>
        {
            o.BufferCapacity = 2;
            o.BatchSize = 10;
        }));
        var meter = app.GetRequiredService<MlopsInstrumentation>().Meter;
        long dropped = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == "mlops.governance.inference_records.dropped")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref dropped, value));
        listener.Start();

        var predictor = Predictor(app);
        var outputs = Rows.Take(5).Select(r => predictor.Predict(r)).ToList();
        outputs.Should().HaveCount(5, "predictions never wait for the recorder");

        var records = app.GetRequiredService<IInferenceRecords>();
        records.Status.Should().Be(new InferenceRecordStatus(2, 0, 3, 0, 2, null));
        Interlocked.Read(ref dropped).Should().Be(3);

        await records.FlushAsync(Ct);
        records.Status.Should().Be(new InferenceRecordStatus(2, 2, 3, 0, 0, null));
        (await records.ReadAsync(new InferenceRecordQuery(), Ct)).Should().HaveCount(2);
    }

    [Fact]
    public async Task The_hosted_writer_lets_a_batch_fill_and_writes_what_is_left_when_the_host_stops()
    {
        await using var harness = new GovernanceHarness(models);
        await PublishAsync(harness);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var app = await ServeAsync(harness, governance: g => g.AddInferenceRecords(), extra: s => s.AddSingleton<TimeProvider>(time));
        var hosted = app.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(Ct);
        }

        var predictor = Predictor(app);
        foreach (var row in Rows.Take(3))
        {
            predictor.Predict(row);
        }

        // The fake clock never reaches the flush interval: the writer is still letting the batch fill.
        var records = app.GetRequiredService<IInferenceRecords>();
        records.Status.Written.Should().Be(0);

        foreach (var service in Enumerable.Reverse(hosted))
        {
            await service.StopAsync(Ct);
        }

        records.Status.Written.Should().Be(3);
        (await records.ReadAsync(new InferenceRecordQuery(), Ct)).Should().HaveCount(3);
    }

    [Fact]
    public async Task A_failed_write_is_counted_and_reported_never_silent()
    {
        await using var harness = new GovernanceHarness(models);
        await PublishAsync(harness);
        var app = await ServeAsync(harness, governance: g => g.AddInferenceRecords());
        Predictor(app).Predict(Rows[0]);

        // The write fails for real: the table the records go to is gone, as in a damaged database.
        var records = app.GetRequiredService<IInferenceRecords>();
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={harness.DatabasePath}"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE inference_records";
            await command.ExecuteNonQueryAsync(Ct);
        }

        await records.FlushAsync(Ct);

        records.Status.Failed.Should().Be(1);
        records.Status.Written.Should().Be(0);
        records.Status.LastError.Should().NotBeNullOrEmpty();
    }
}
