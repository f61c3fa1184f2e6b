using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Serving.Internal;
using Mlops.Serving.Routing;

namespace Mlops.Serving.Tests.Routing;

public sealed class ShadowRoutingTests(TrainedModels models)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_beak_only_challenger_is_compared_on_every_prediction_and_disagrees_with_the_champion()
    {
        await using var harness = new ServingHarness(models);
        await RegisterAsync(harness, models.BeakOnlyZip);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", o =>
        {
            o.Alias = "champion";
            o.Shadow = new ShadowRoute<SpeciesPrediction> { Alias = "challenger" };
        }));
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        var served = app.GetRequiredKeyedService<ServedModel<Penguin, SpeciesPrediction>>("penguins");
        var rows = models.CompletePenguins;

        foreach (var row in rows)
        {
            var prediction = predictor.PredictWithDetails(row);
            prediction.Variant.Should().Be(ServingVariants.Primary, "the shadow never answers");
            prediction.Version.Should().Be(1);
        }

        predictor.PredictBatch(rows.Take(40).ToList());
        await served.FlushShadowAsync(Ct);

        var status = predictor.Status;
        status.Shadow!.Version.Should().Be(2);
        status.ShadowStatistics.Compared.Should().Be(rows.Count + 40, "every single and batched prediction is mirrored");
        status.ShadowStatistics.Disagreed.Should().BeGreaterThan(0);
        status.ShadowStatistics.Dropped.Should().Be(0);
        status.ShadowStatistics.Failed.Should().Be(0);
        status.ShadowStatistics.DisagreementRate.Should().Be((double)status.ShadowStatistics.Disagreed / status.ShadowStatistics.Compared);
    }

    [Fact]
    public async Task A_shadow_serving_the_same_model_file_never_disagrees()
    {
        await using var harness = new ServingHarness(models);
        await RegisterAsync(harness, models.PenguinsZip);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", o =>
        {
            o.Alias = "champion";
            o.Shadow = new ShadowRoute<SpeciesPrediction> { Version = 2 };
        }));
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        var served = app.GetRequiredKeyedService<ServedModel<Penguin, SpeciesPrediction>>("penguins");

        foreach (var row in models.CompletePenguins)
        {
            predictor.Predict(row);
        }

        await served.FlushShadowAsync(Ct);
        predictor.Status.ShadowStatistics.Should().Be(new ShadowStatistics(models.CompletePenguins.Count, 0, 0, 0));
        predictor.Status.ShadowStatistics.DisagreementRate.Should().Be(0);
    }

    [Fact]
    public async Task The_shadow_never_changes_the_response()
    {
        await using var harness = new ServingHarness(models);
        await RegisterAsync(harness, models.BeakOnlyZip);
        var shadowed = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", o =>
        {
            o.Alias = "champion";
            o.Shadow = new ShadowRoute<SpeciesPrediction> { Alias = "challenger" };
        }));
        var plain = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", "champion"));
        await shadowed.GetRequiredService<IModelServer>().SyncAsync(Ct);
        await plain.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var withShadow = shadowed.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        var without = plain.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        var rows = models.Penguins;

        foreach (var row in rows)
        {
            var expected = without.Predict(row);
            var actual = withShadow.Predict(row);
            actual.PredictedSpecies.Should().Be(expected.PredictedSpecies);
            actual.Score.Should().Equal(expected.Score);
        }

        withShadow.PredictBatch(rows).Select(o => o.Score).Should().Equal(without.PredictBatch(rows).Select(o => o.Score), (x, y) => x.SequenceEqual(y));
        await shadowed.GetRequiredKeyedService<ServedModel<Penguin, SpeciesPrediction>>("penguins").FlushShadowAsync(Ct);
        withShadow.Status.ShadowStatistics.Compared.Should().Be(rows.Count * 2);
        withShadow.Status.ShadowStatistics.Disagreed.Should().BeGreaterThan(0, "the answers above came from the champion although the challenger disagreed");
    }

    [Fact]
    public async Task A_sample_rate_mirrors_that_share_of_predictions()
    {
        await using var harness = new ServingHarness(models);
        await RegisterAsync(harness, models.PenguinsZip);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", o =>
        {
            o.Alias = "champion";
            o.Shadow = new ShadowRoute<SpeciesPrediction> { Alias = "challenger", SampleRate = 0.25 };
        }));
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        var rows = models.CompletePenguins;

        const int Predictions = 2000;
        for (var i = 0; i < Predictions; i++)
        {
            predictor.Predict(rows[i % rows.Count]);
        }

        await app.GetRequiredKeyedService<ServedModel<Penguin, SpeciesPrediction>>("penguins").FlushShadowAsync(Ct);
        var statistics = predictor.Status.ShadowStatistics;

        // Even if the worker had not run before the last call, about 500 mirrors would wait, under the default bound of 1024.
        statistics.Dropped.Should().Be(0);
        statistics.Disagreed.Should().Be(0);

        // Binomial(2000, 0.25): mean 500, standard deviation ~19.4; 7 standard deviations is a 1e-11 event.
        var tolerance = 7 * Math.Sqrt(Predictions * 0.25 * 0.75);
        statistics.Compared.Should().BeInRange((long)Math.Floor(500 - tolerance), (long)Math.Ceiling(500 + tolerance));
    }

    [Fact]
    public async Task A_custom_comparison_decides_what_disagreement_means()
    {
        await using var harness = new ServingHarness(models);
        await RegisterAsync(harness, models.BeakOnlyZip);
        var calls = 0;
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", o =>
        {
            o.Alias = "champion";
            o.Shadow = new ShadowRoute<SpeciesPrediction>
            {
                Alias = "challenger",
                OutputsAgree = (primary, shadow) =>
                {
                    Interlocked.Increment(ref calls);
                    return primary.PredictedSpecies == shadow.PredictedSpecies;
                },
            };
        }));
        var reference = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", 2));
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        await reference.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        var challenger = reference.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        var rows = models.CompletePenguins;

        var speciesDiffer = 0;
        foreach (var row in rows)
        {
            if (predictor.Predict(row).PredictedSpecies != challenger.Predict(row).PredictedSpecies)
            {
                speciesDiffer++;
            }
        }

        await app.GetRequiredKeyedService<ServedModel<Penguin, SpeciesPrediction>>("penguins").FlushShadowAsync(Ct);
        var statistics = predictor.Status.ShadowStatistics;
        Volatile.Read(ref calls).Should().Be(rows.Count);
        statistics.Compared.Should().Be(rows.Count);
        statistics.Disagreed.Should().Be(speciesDiffer, "only a different species counts as disagreement");
        statistics.Disagreed.Should().BeLessThan(rows.Count, "the beak-only model gets most species right");
        speciesDiffer.Should().BeGreaterThan(0, "the beak alone confuses some penguins");
    }

    [Fact]
    public async Task A_full_shadow_queue_drops_and_counts_mirrors_instead_of_blocking_callers()
    {
        await using var harness = new ServingHarness(models);
        await RegisterAsync(harness, models.PenguinsZip);
        using var gate = new ManualResetEventSlim(false);
        var comparing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", o =>
        {
            o.Alias = "champion";
            o.Shadow = new ShadowRoute<SpeciesPrediction>
            {
                Alias = "challenger",
                MaxQueued = 1,
                OutputsAgree = (_, _) =>
                {
                    // Holds the shadow worker inside its first comparison until the test opens the gate.
                    comparing.TrySetResult();
                    gate.Wait(Generous);
                    return false;
                },
            };
        }));
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        var served = app.GetRequiredKeyedService<ServedModel<Penguin, SpeciesPrediction>>("penguins");
        var rows = models.CompletePenguins;
        const int Burst = 50;

        try
        {
            predictor.Predict(rows[0]);
            await comparing.Task.WaitAsync(Generous, Ct);

            // The worker holds mirror 1; the queue (capacity 1) takes mirror 2; mirrors 3..51 find it full.
            for (var i = 1; i <= Burst; i++)
            {
                predictor.PredictWithDetails(rows[i]).Version.Should().Be(1, "callers are answered while the shadow is stuck");
            }

            predictor.Status.ShadowStatistics.Dropped.Should().Be(Burst - 1);
        }
        finally
        {
            gate.Set();
        }

        await served.FlushShadowAsync(Ct);
        var statistics = predictor.Status.ShadowStatistics;
        statistics.Should().Be(new ShadowStatistics(Compared: 2, Disagreed: 2, Dropped: Burst - 1, Failed: 0), "the custom comparison says no every time");
        (statistics.Compared + statistics.Dropped).Should().Be(Burst + 1);
    }

    [Fact]
    public async Task Changing_an_output_after_Predict_returns_does_not_change_what_the_shadow_compares()
    {
        await using var harness = new ServingHarness(models);
        await RegisterAsync(harness, models.PenguinsZip);
        using var gate = new ManualResetEventSlim(false);
        var comparing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", o =>
        {
            o.Alias = "champion";
            o.Shadow = new ShadowRoute<SpeciesPrediction>
            {
                Alias = "challenger",
                OutputsAgree = (primary, shadow) =>
                {
                    // The first comparison holds the worker until the test has changed the second output.
                    if (comparing.TrySetResult())
                    {
                        gate.Wait(Generous);
                    }

                    return primary.PredictedSpecies == shadow.PredictedSpecies && primary.Score.SequenceEqual(shadow.Score);
                },
            };
        }));
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        var served = app.GetRequiredKeyedService<ServedModel<Penguin, SpeciesPrediction>>("penguins");

        try
        {
            predictor.Predict(models.CompletePenguins[0]);
            await comparing.Task.WaitAsync(Generous, Ct);
            var output = predictor.Predict(models.CompletePenguins[1]);

            // The caller owns its output: normalising it in place, say, is its business.
            Array.Fill(output.Score, 0f);
        }
        finally
        {
            gate.Set();
        }

        await served.FlushShadowAsync(Ct);
        predictor.Status.ShadowStatistics.Should().Be(new ShadowStatistics(2, 0, 0, 0), "the shadow serves the same file, so both comparisons agree");
    }

    [Fact]
    public async Task A_shadow_alias_move_switches_the_challenger_and_keeps_counting()
    {
        await using var harness = new ServingHarness(models);
        await RegisterAsync(harness, models.PenguinsZip);
        await harness.RegisterAsync(models.BeakOnlyZip);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", o =>
        {
            o.Alias = "champion";
            o.Shadow = new ShadowRoute<SpeciesPrediction> { Alias = "challenger" };
        }));
        var server = app.GetRequiredService<IModelServer>();
        await server.SyncAsync(Ct);
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        var served = app.GetRequiredKeyedService<ServedModel<Penguin, SpeciesPrediction>>("penguins");
        var rows = models.CompletePenguins;

        predictor.PredictBatch(rows);
        await served.FlushShadowAsync(Ct);
        predictor.Status.ShadowStatistics.Should().Be(new ShadowStatistics(rows.Count, 0, 0, 0), "version 2 is the same file as the champion");

        await harness.Registry.SetAliasAsync("penguins", "challenger", 3, cancellationToken: Ct);
        await server.SyncAsync(Ct);
        predictor.Status.Shadow!.Version.Should().Be(3);
        predictor.PredictBatch(rows);
        await served.FlushShadowAsync(Ct);

        var statistics = predictor.Status.ShadowStatistics;
        statistics.Compared.Should().Be(rows.Count * 2);
        statistics.Disagreed.Should().BeGreaterThan(0, "version 3 is the beak-only model");
        predictor.Status.Live!.Version.Should().Be(1);
    }

    [Fact]
    public async Task Without_a_shadow_route_the_statistics_stay_zero_and_flushing_is_a_no_op()
    {
        await using var harness = new ServingHarness(models);
        await RegisterAsync(harness, models.BeakOnlyZip);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", "champion"));
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        predictor.PredictBatch(models.CompletePenguins);

        await app.GetRequiredKeyedService<ServedModel<Penguin, SpeciesPrediction>>("penguins").FlushShadowAsync(Ct);
        predictor.Status.Shadow.Should().BeNull();
        predictor.Status.ShadowStatistics.Should().Be(new ShadowStatistics(0, 0, 0, 0));
    }

    /// <summary>Version 1 is the champion (all measurements); version 2, named by 'challenger', is <paramref name="challenger"/>.</summary>
    private async Task RegisterAsync(ServingHarness harness, byte[] challenger)
    {
        await harness.RegisterAsync(models.PenguinsZip);
        await harness.RegisterAsync(challenger);
        await harness.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);
        await harness.Registry.SetAliasAsync("penguins", "challenger", 2, cancellationToken: Ct);
    }
}
