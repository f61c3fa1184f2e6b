using System.Diagnostics.Metrics;
using System.Text.Json;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Mlops.Journal;
using Mlops.Serving;
using static Mlops.Governance.Tests.Oversight.OversightSetup;

namespace Mlops.Governance.Tests.Oversight;

public sealed class KillSwitchTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Penguin Row => models.CompletePenguins[0];

    [Fact]
    public async Task A_disabled_model_throws_a_typed_error_naming_who_stopped_it_and_why()
    {
        await using var harness = new GovernanceHarness(models);
        await PublishAsync(harness);
        var app = await ServeAsync(harness);
        var predictor = Predictor(app);
        predictor.Predict(Row).PredictedSpecies.Should().NotBeEmpty();

        var control = await OversightAs(harness, "carol").DisableServingAsync(Model, "reports of wrong species on juveniles", Ct);
        control.Disabled.Should().BeTrue();
        control.ChangedBy.Should().Be("carol");

        // Serving applies it at its next journal poll; SyncAsync is that poll, now.
        await SyncAsync(app);
        var thrown = predictor.Invoking(p => p.Predict(Row)).Should().Throw<MlopsModelDisabledException>().Which;
        thrown.ModelName.Should().Be(Model);
        thrown.Actor.Should().Be("carol");
        thrown.Reason.Should().Be("reports of wrong species on juveniles");
        thrown.Since.Should().Be(control.ChangedAt!.Value);
        thrown.Message.Should().Contain("carol").And.Contain("reports of wrong species on juveniles");
        predictor.Invoking(p => p.PredictBatch([Row, Row])).Should().Throw<MlopsModelDisabledException>();
        predictor.Invoking(p => p.PredictWithDetails(Row)).Should().Throw<MlopsModelDisabledException>();
        await predictor.Awaiting(p => p.PredictAsync(Row, cancellationToken: Ct)).Should().ThrowAsync<MlopsModelDisabledException>();
        await predictor.Awaiting(p => p.PredictBatchAsync([Row], cancellationToken: Ct)).Should().ThrowAsync<MlopsModelDisabledException>();

        var status = predictor.Status;
        status.Disabled.Should().Be(new ServingDisabled("reports of wrong species on juveniles", "carol", control.ChangedAt.Value));
        status.Health.Should().Be(ServingHealth.Degraded, "a deliberate stop is not a fault: the instance stays in rotation");
    }

    [Fact]
    public async Task The_switch_and_its_release_are_journaled_with_the_actor_in_the_same_transaction_as_the_record()
    {
        await using var harness = new GovernanceHarness(models);
        await PublishAsync(harness);
        await OversightAs(harness, "carol").DisableServingAsync(Model, "audit finding 7", Ct);
        await OversightAs(harness, "dave").EnableServingAsync(Model, "retrained and revalidated", Ct);

        var entries = (await harness.JournalAsync()).Where(e => e.Subject == "model/" + Model && e.Kind.StartsWith("model.serving.", StringComparison.Ordinal)).ToList();
        entries.Select(e => (e.Kind, e.Actor)).Should().Equal(
            (JournalKinds.ModelServingDisabled, "carol"),
            (JournalKinds.ModelServingEnabled, "dave"));
        using var payload = JsonDocument.Parse(entries[0].Payload);
        payload.RootElement.GetProperty("reason").GetString().Should().Be("audit finding 7");
        payload.RootElement.GetProperty("actor").GetString().Should().Be("carol");

        var record = await harness.Store(harness.As("auditor")).GetGovernanceRecordAsync(GovernanceRecordKinds.ModelControl, Model, Ct);
        record!.Revision.Should().Be(2);
        record.UpdatedBy.Should().Be("dave");
    }

    [Fact]
    public async Task Switching_to_the_state_it_is_in_writes_nothing()
    {
        await using var harness = new GovernanceHarness(models);
        await PublishAsync(harness);
        var oversight = OversightAs(harness, "carol");
        (await oversight.EnableServingAsync(Model, "nothing to enable", Ct)).Revision.Should().Be(0);
        var first = await oversight.DisableServingAsync(Model, "stop", Ct);
        var again = await oversight.DisableServingAsync(Model, "stop again", Ct);

        again.Should().Be(first);
        (await harness.JournalAsync()).Count(e => e.Kind == JournalKinds.ModelServingDisabled).Should().Be(1);
    }

    [Fact]
    public async Task Stopping_an_unknown_model_is_refused_and_writes_nothing()
    {
        await using var harness = new GovernanceHarness(models);
        await PublishAsync(harness);
        await OversightAs(harness, "carol").Awaiting(o => o.DisableServingAsync("no-such-model", "stop", Ct)).Should().ThrowAsync<MlopsNotFoundException>();
        (await harness.JournalAsync()).Should().NotContain(e => e.Kind == JournalKinds.ModelServingDisabled);
    }

    [Fact]
    public async Task With_a_fallback_the_fallback_answers_as_its_own_variant_and_is_counted()
    {
        await using var harness = new GovernanceHarness(models);
        await PublishAsync(harness);
        var app = await ServeAsync(harness, fallback: _ => new SpeciesPrediction { PredictedSpecies = "refer to a person" });
        var predictor = Predictor(app);
        var meter = app.GetRequiredService<MlopsInstrumentation>().Meter;

        await OversightAs(harness, "carol").DisableServingAsync(Model, "stop", Ct);
        await SyncAsync(app);

        predictor.Predict(Row).PredictedSpecies.Should().Be("refer to a person");
        var details = predictor.PredictWithDetails(Row);
        details.Variant.Should().Be(ServingVariants.Fallback);
        details.Version.Should().Be(0, "no model version answered");
        details.Output.PredictedSpecies.Should().Be("refer to a person");
        predictor.PredictBatch([Row, Row, Row]).Select(o => o.PredictedSpecies).Should().AllBe("refer to a person");
        (await predictor.PredictAsync(Row, cancellationToken: Ct)).PredictedSpecies.Should().Be("refer to a person");

        PredictionsByVariant(meter).Should().Contain(ServingVariants.Fallback, 6);
    }

    [Fact]
    public async Task Enabled_again_the_model_answers_again()
    {
        await using var harness = new GovernanceHarness(models);
        var version = await PublishAsync(harness);
        var app = await ServeAsync(harness, fallback: _ => new SpeciesPrediction { PredictedSpecies = "fallback" });
        var predictor = Predictor(app);
        var expected = predictor.Predict(Row).PredictedSpecies;
        await OversightAs(harness, "carol").DisableServingAsync(Model, "stop", Ct);
        await SyncAsync(app);
        predictor.Predict(Row).PredictedSpecies.Should().Be("fallback");

        await OversightAs(harness, "dave").EnableServingAsync(Model, "fixed", Ct);
        await SyncAsync(app);

        var details = predictor.PredictWithDetails(Row);
        details.Variant.Should().Be(ServingVariants.Primary);
        details.Version.Should().Be(version.Version);
        details.Output.PredictedSpecies.Should().Be(expected);
        predictor.Status.Disabled.Should().BeNull();
        predictor.Status.Health.Should().Be(ServingHealth.Healthy);
    }

    [Fact]
    public async Task Every_app_instance_on_the_store_picks_the_switch_up_at_its_next_sync()
    {
        await using var harness = new GovernanceHarness(models);
        await PublishAsync(harness);
        var first = await ServeAsync(harness, "app-1");
        var second = await ServeAsync(harness, "app-2");

        await OversightAs(harness, "carol").DisableServingAsync(Model, "stop", Ct);
        Predictor(second).Predict(Row).PredictedSpecies.Should().NotBeEmpty("nothing changes before the instance polls the journal");

        await SyncAsync(second);
        Predictor(second).Invoking(p => p.Predict(Row)).Should().Throw<MlopsModelDisabledException>();
        await SyncAsync(first);
        Predictor(first).Invoking(p => p.Predict(Row)).Should().Throw<MlopsModelDisabledException>().Which.Actor.Should().Be("carol");

        await OversightAs(harness, "dave").EnableServingAsync(Model, "fixed", Ct);
        await SyncAsync(first);
        await SyncAsync(second);
        Predictor(first).Predict(Row).PredictedSpecies.Should().NotBeEmpty();
        Predictor(second).Predict(Row).PredictedSpecies.Should().NotBeEmpty();
    }

    [Fact]
    public async Task An_instance_that_starts_while_the_model_is_stopped_starts_stopped()
    {
        await using var harness = new GovernanceHarness(models);
        await PublishAsync(harness);
        await OversightAs(harness, "carol").DisableServingAsync(Model, "stopped before the release", Ct);

        // A new process: its first sync (the hosted service's start) reads the control before the model answers once.
        var app = await ServeAsync(harness, "late-app");

        var predictor = Predictor(app);
        predictor.Status.Live.Should().NotBeNull("the model is loaded, so that enabling it again is instant");
        predictor.Status.Disabled!.Actor.Should().Be("carol");
        predictor.Invoking(p => p.Predict(Row)).Should().Throw<MlopsModelDisabledException>().Which.Reason.Should().Be("stopped before the release");
    }

    [Fact]
    public async Task Health_reports_the_stop_as_degraded_with_who_and_why()
    {
        await using var harness = new GovernanceHarness(models);
        await PublishAsync(harness);
        var app = await ServeAsync(harness, extra: s => s.AddHealthChecks().AddMlopsServing());
        await OversightAs(harness, "carol").DisableServingAsync(Model, "audit finding 7", Ct);
        await SyncAsync(app);

        var report = await app.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);

        report.Status.Should().Be(HealthStatus.Degraded);
        report.Entries.Values.Single().Description.Should().Contain("stopped by carol").And.Contain("audit finding 7");
    }

    private static Dictionary<string, long> PredictionsByVariant(Meter meter)
    {
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == "mlops.serving.predictions")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == MlopsTelemetry.Tags.ServingVariant)
                {
                    var variant = (string)tag.Value!;
                    totals[variant] = totals.GetValueOrDefault(variant) + value;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return totals;
    }
}
