using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Mlops.Serving;
using static Mlops.Governance.Tests.Oversight.OversightSetup;

namespace Mlops.Governance.Tests.InferenceRecords;

public sealed class InferenceRecordTests(TrainedModels models)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly JsonSerializerOptions RowJson = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IReadOnlyList<Penguin> Rows => models.CompletePenguins;

    [Fact]
    public async Task Each_prediction_is_recorded_with_its_time_version_digest_variant_input_output_and_trace()
    {
        await using var harness = new GovernanceHarness(models);
        var version = await PublishAsync(harness);
        var time = new FakeTimeProvider(Start);
        var app = await ServeAsync(harness, governance: g => g.AddInferenceRecords(), extra: s => s.AddSingleton<TimeProvider>(time));
        var predictor = Predictor(app);

        using var request = new Activity("request").Start();
        var outputs = Rows.Take(3).Select(r => predictor.Predict(r)).ToList();
        request.Stop();
        var records = app.GetRequiredService<IInferenceRecords>();
        await records.FlushAsync(Ct);

        var stored = await records.ReadAsync(new InferenceRecordQuery { ModelName = Model }, Ct);
        stored.Should().HaveCount(3);
        stored.Select(r => r.Sequence).Should().BeInAscendingOrder();
        for (var i = 0; i < 3; i++)
        {
            var record = stored[i];
            record.Timestamp.Should().Be(Start);
            record.Version.Should().Be(version.Version);
            record.ModelDigest.Should().Be(version.ArtifactDigest);
            record.Variant.Should().Be(ServingVariants.Primary);
            record.TraceId.Should().Be(request.TraceId.ToHexString());
            JsonSerializer.Deserialize<SpeciesPrediction>(record.Output)!.PredictedSpecies.Should().Be(outputs[i].PredictedSpecies);
            var input = JsonSerializer.Deserialize<Penguin>(record.Input!, RowJson)!;
            input.Should().BeEquivalentTo(Rows[i]);

            // The hash is of the full input JSON, so a disputed input can be matched byte for byte.
            record.InputHash.Should().Be(Sha256(record.Input!));
        }

        records.Status.Should().Be(new InferenceRecordStatus(3, 3, 0, 0, 0, null));
    }

    [Fact]
    public async Task Predictions_outside_an_activity_are_recorded_without_a_trace_and_batches_row_by_row()
    {
        await using var harness = new GovernanceHarness(models);
        await PublishAsync(harness);
        var app = await ServeAsync(harness, governance: g => g.AddInferenceRecords());
        var outputs = Predictor(app).PredictBatch(Rows.Take(4).ToList());
        var records = app.GetRequiredService<IInferenceRecords>();
        await records.FlushAsync(Ct);

        var stored = await records.ReadAsync(new InferenceRecordQuery(), Ct);
        stored.Select(r => JsonSerializer.Deserialize<SpeciesPrediction>(r.Output)!.PredictedSpecies).Should().Equal(outputs.Select(o => o.PredictedSpecies));
        stored.Should().OnlyContain(r => r.TraceId == null);
    }

    [Fact]
    public async Task The_sample_rate_keeps_exactly_that_share_of_predictions()
    {
        await using var harness = new GovernanceHarness(models);
        await PublishAsync(harness);
        var app = await ServeAsync(harness, governance: g => g.AddInferenceRecords(o => o.SampleRate = 0.25));
        var predictor = Predictor(app);
        for (var i = 0; i < 100; i++)
        {
            predictor.Predict(Rows[i % Rows.Count]);
        }

        var records = app.GetRequiredService<IInferenceRecords>();
        await records.FlushAsync(Ct);
        (await records.ReadAsync(new InferenceRecordQuery(), Ct)).Should().HaveCount(25);
    }

    [Fact]
    public async Task Only_the_models_named_are_recorded()
    {
        await using var harness = new GovernanceHarness(models);
        await PublishAsync(harness);
        var app = await ServeAsync(harness, governance: g => g.AddInferenceRecords(o => o.Models.Add("some-other-model")));
        Predictor(app).Predict(Rows[0]);

        var records = app.GetRequiredService<IInferenceRecords>();
        await records.FlushAsync(Ct);
        (await records.ReadAsync(new InferenceRecordQuery(), Ct)).Should().BeEmpty();
        records.Status.Enqueued.Should().Be(0);
    }

    [Fact]
    public async Task Redaction_drops_some_fields_and_replaces_others_by_their_hash_while_the_input_hash_covers_the_whole_input()
    {
        await using var harness = new GovernanceHarness(models);
        await PublishAsync(harness);
        var app = await ServeAsync(harness, governance: g => g.AddInferenceRecords(o =>
        {
            o.DropFields.Add(nameof(Penguin.Species));
            o.HashFields.Add(nameof(Penguin.BodyMass));
        }));
        var row = Rows[0];
        Predictor(app).Predict(row);
        var records = app.GetRequiredService<IInferenceRecords>();
        await records.FlushAsync(Ct);

        var record = (await records.ReadAsync(new InferenceRecordQuery(), Ct)).Single();
        using var input = JsonDocument.Parse(record.Input!);
        var kept = input.RootElement;
        kept.TryGetProperty(nameof(Penguin.Species), out _).Should().BeFalse();
        kept.GetProperty(nameof(Penguin.BodyMass)).GetString().Should().Be("sha256:" + Sha256(JsonSerializer.Serialize(row.BodyMass, RowJson)));
        kept.GetProperty(nameof(Penguin.BeakLength)).GetSingle().Should().Be(row.BeakLength);
        record.Input.Should().NotContain(row.Species);
        record.InputHash.Should().Be(Sha256(JsonSerializer.Serialize(row, RowJson)));
    }

    [Fact]
    public async Task Hash_only_mode_keeps_no_input_but_its_hash()
    {
        await using var harness = new GovernanceHarness(models);
        await PublishAsync(harness);
        var app = await ServeAsync(harness, governance: g => g.AddInferenceRecords(o => o.InputMode = InferenceInputMode.HashOnly));
        var row = Rows[1];
        Predictor(app).Predict(row);
        var records = app.GetRequiredService<IInferenceRecords>();
        await records.FlushAsync(Ct);

        var record = (await records.ReadAsync(new InferenceRecordQuery(), Ct)).Single();
        record.Input.Should().BeNull();
        record.InputHash.Should().Be(Sha256(JsonSerializer.Serialize(row, RowJson)));
        record.Output.Should().Contain(nameof(SpeciesPrediction.PredictedSpecies));
    }

    [Fact]
    public async Task Without_inference_records_nothing_is_recorded_and_serving_has_no_recorder()
    {
        await using var harness = new GovernanceHarness(models);
        await PublishAsync(harness);
        var app = await ServeAsync(harness);
        Predictor(app).Predict(Rows[0]).PredictedSpecies.Should().NotBeEmpty();

        app.GetService<IInferenceRecorder>().Should().BeNull();
        app.GetService<IInferenceRecords>().Should().BeNull();
        (await harness.Store(app).ReadInferenceRecordsAsync(new InferenceRecordQuery(), Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task The_fallback_answers_of_a_stopped_model_are_not_recorded_as_model_predictions()
    {
        await using var harness = new GovernanceHarness(models);
        await PublishAsync(harness);
        var app = await ServeAsync(harness, fallback: _ => new SpeciesPrediction { PredictedSpecies = "person" }, governance: g => g.AddInferenceRecords());
        await OversightAs(harness, "carol").DisableServingAsync(Model, "stop", Ct);
        await SyncAsync(app);
        Predictor(app).Predict(Rows[0]).PredictedSpecies.Should().Be("person");

        var records = app.GetRequiredService<IInferenceRecords>();
        await records.FlushAsync(Ct);
        (await records.ReadAsync(new InferenceRecordQuery(), Ct)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("SampleRate")]
    [InlineData("Retention")]
    [InlineData("BufferCapacity")]
    [InlineData("BatchSize")]
    [InlineData("FlushInterval")]
    public void Invalid_options_fail_at_configuration_naming_the_field(string field)
    {
        var services = new ServiceCollection();
        var act = () => services.AddMlops(m => m.AddGovernance(g => g.AddInferenceRecords(o =>
        {
            switch (field)
            {
                case "SampleRate": o.SampleRate = 0; break;
                case "Retention": o.Retention = TimeSpan.FromHours(12); break;
                case "BufferCapacity": o.BufferCapacity = 0; break;
                case "BatchSize": o.BatchSize = 0; break;
                default: o.FlushInterval = TimeSpan.Zero; break;
            }
        })));

        act.Should().Throw<MlopsValidationException>().Which.Field.Should().Be(field);
    }

    [Fact]
    public void The_defaults_keep_every_prediction_for_six_months()
    {
        var options = new InferenceRecordOptions();
        options.SampleRate.Should().Be(1.0);
        options.Retention.Should().BeGreaterThanOrEqualTo(TimeSpan.FromDays(182));
        options.InputMode.Should().Be(InferenceInputMode.Redacted);
        options.Models.Should().BeEmpty();
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
