using System.Text.Json;
using FluentAssertions;
using Mlops.Journal;
using static Mlops.Governance.Tests.Oversight.OversightSetup;

namespace Mlops.Governance.Tests.Oversight;

public sealed class OverrideTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_override_is_journaled_on_the_version_with_the_actor_both_outputs_and_the_reason()
    {
        await using var harness = new GovernanceHarness(models);
        var version = await PublishAsync(harness);

        var entry = await OversightAs(harness, "erin").RecordOverrideAsync(
            new OutputOverride(Model, version.Version, "4bf92f3577b34da6a3ce929d0e0e4736", """{"PredictedSpecies":"Adelie"}""", """{"PredictedSpecies":"Chinstrap"}""", "field biologist re-measured the beak"),
            Ct);

        entry.Kind.Should().Be(JournalKinds.ModelOutputOverridden);
        entry.Subject.Should().Be($"model/{Model}/{version.Version}");
        entry.Actor.Should().Be("erin");
        using var payload = JsonDocument.Parse(entry.Payload);
        var root = payload.RootElement;
        root.GetProperty("prediction").GetString().Should().Be("4bf92f3577b34da6a3ce929d0e0e4736");
        root.GetProperty("originalOutput").GetString().Should().Be("""{"PredictedSpecies":"Adelie"}""");
        root.GetProperty("overridingOutput").GetString().Should().Be("""{"PredictedSpecies":"Chinstrap"}""");
        root.GetProperty("reason").GetString().Should().Be("field biologist re-measured the beak");
        root.GetProperty("actor").GetString().Should().Be("erin");
        (await harness.JournalAsync()).Should().ContainSingle(e => e.Kind == JournalKinds.ModelOutputOverridden && e.Actor == "erin");
    }

    [Fact]
    public async Task An_override_whose_outputs_are_not_json_is_refused_naming_the_field()
    {
        await using var harness = new GovernanceHarness(models);
        var version = await PublishAsync(harness);

        var thrown = await OversightAs(harness, "erin").Awaiting(o => o.RecordOverrideAsync(
            new OutputOverride(Model, version.Version, "p-1", "Adelie", "{}", "typo"), Ct)).Should().ThrowAsync<MlopsValidationException>();

        thrown.Which.Field.Should().Be(nameof(OutputOverride.OriginalOutput));
        (await harness.JournalAsync()).Should().NotContain(e => e.Kind == JournalKinds.ModelOutputOverridden);
    }

    [Fact]
    public async Task An_override_of_a_version_that_does_not_exist_is_refused()
    {
        await using var harness = new GovernanceHarness(models);
        await PublishAsync(harness);

        await OversightAs(harness, "erin").Awaiting(o => o.RecordOverrideAsync(new OutputOverride(Model, 99, "p-1", "{}", "{}", "typo"), Ct))
            .Should().ThrowAsync<MlopsNotFoundException>();
    }
}
