using System.Globalization;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Serving.Routing;

namespace Mlops.Serving.Tests.Routing;

public sealed class CanaryRoutingTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_routing_key_the_canary_share_is_within_seven_standard_deviations_of_30_percent()
    {
        await using var harness = new ServingHarness(models);
        await RegisterPrimaryAndCanaryAsync(harness);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", o =>
        {
            o.Alias = "champion";
            o.Canary = new CanaryRoute { Alias = "challenger", Percentage = 30 };
        }));
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        var rows = models.CompletePenguins;

        const int Predictions = 4000;
        var canary = 0;
        for (var i = 0; i < Predictions; i++)
        {
            var prediction = predictor.PredictWithDetails(rows[i % rows.Count]);
            if (prediction.Variant == ServingVariants.Canary)
            {
                prediction.Version.Should().Be(2);
                canary++;
            }
            else
            {
                prediction.Variant.Should().Be(ServingVariants.Primary);
                prediction.Version.Should().Be(1);
            }
        }

        // Binomial(4000, 0.3): mean 1200, standard deviation ~29; 7 standard deviations (~203) is a 1e-11 event.
        var mean = Predictions * 0.3;
        var tolerance = 7 * Math.Sqrt(Predictions * 0.3 * 0.7);
        canary.Should().BeInRange((int)Math.Floor(mean - tolerance), (int)Math.Ceiling(mean + tolerance));

        var status = predictor.Status;
        status.CanaryPercentage.Should().Be(30);
        status.Canary!.Version.Should().Be(2);
        status.Live!.Version.Should().Be(1);
    }

    [Fact]
    public async Task A_routing_key_always_gets_the_variant_its_FNV_hash_names_in_every_call_and_in_every_app_instance()
    {
        await using var harness = new ServingHarness(models);
        await RegisterPrimaryAndCanaryAsync(harness);
        void Serve(ServingBuilder s) => s.AddModel<Penguin, SpeciesPrediction>("penguins", o =>
        {
            o.Alias = "champion";
            o.Canary = new CanaryRoute { Alias = "challenger", Percentage = 30 };
        });

        var first = harness.Open(Serve);
        var second = harness.Open(Serve);
        await first.GetRequiredService<IModelServer>().SyncAsync(Ct);
        await second.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var a = first.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        var b = second.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        var rows = models.CompletePenguins;

        var keys = Enumerable.Range(0, 500).Select(i => "user-" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        var canaryKeys = 0;
        foreach (var (key, i) in keys.Select((k, i) => (k, i)))
        {
            var expected = ExpectedVariant(key, 30);
            for (var call = 0; call < 3; call++)
            {
                var row = rows[(i + call) % rows.Count];
                a.PredictWithDetails(row, key).Variant.Should().Be(expected, "key {0} is routed by its stable hash", key);
                b.PredictWithDetails(row, key).Variant.Should().Be(expected, "a second app instance routes key {0} the same way", key);
            }

            if (expected == ServingVariants.Canary)
            {
                canaryKeys++;
            }
        }

        // The hash spreads keys: both variants get keys, roughly in proportion (exact for these keys, as the hash is fixed).
        canaryKeys.Should().BeInRange(100, 200);
    }

    [Fact]
    public async Task Raising_the_percentage_only_adds_keys_to_the_canary()
    {
        await using var harness = new ServingHarness(models);
        await RegisterPrimaryAndCanaryAsync(harness);
        var app = harness.Open(s => s
            .AddModel<Penguin, SpeciesPrediction>("penguins", o => { o.Key = "ten"; o.Alias = "champion"; o.Canary = new CanaryRoute { Alias = "challenger", Percentage = 10 }; })
            .AddModel<Penguin, SpeciesPrediction>("penguins", o => { o.Key = "thirty"; o.Alias = "champion"; o.Canary = new CanaryRoute { Alias = "challenger", Percentage = 30 }; }));
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var ten = app.GetRequiredKeyedService<IPredictor<Penguin, SpeciesPrediction>>("ten");
        var thirty = app.GetRequiredKeyedService<IPredictor<Penguin, SpeciesPrediction>>("thirty");
        var row = models.CompletePenguins[0];

        var atTen = new HashSet<string>();
        var atThirty = new HashSet<string>();
        foreach (var key in Enumerable.Range(0, 1000).Select(i => "session-" + i.ToString(CultureInfo.InvariantCulture)))
        {
            if (ten.PredictWithDetails(row, key).Variant == ServingVariants.Canary)
            {
                atTen.Add(key);
            }

            if (thirty.PredictWithDetails(row, key).Variant == ServingVariants.Canary)
            {
                atThirty.Add(key);
            }
        }

        atTen.Should().NotBeEmpty();
        atThirty.Should().HaveCountGreaterThan(atTen.Count);
        atTen.Should().BeSubsetOf(atThirty, "a key on the canary at 10 % stays there when the rollout grows to 30 %");
    }

    [Fact]
    public async Task Percentage_zero_never_routes_to_the_canary_and_percentage_100_always_does()
    {
        await using var harness = new ServingHarness(models);
        await RegisterPrimaryAndCanaryAsync(harness);
        var app = harness.Open(s => s
            .AddModel<Penguin, SpeciesPrediction>("penguins", o =>
            {
                o.Key = "none";
                o.Alias = "champion";
                o.Canary = new CanaryRoute { Version = 2, Percentage = 0 };
            })
            .AddModel<Penguin, SpeciesPrediction>("penguins", o =>
            {
                o.Key = "all";
                o.Alias = "champion";
                o.Canary = new CanaryRoute { Version = 2, Percentage = 100 };
            }));
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var none = app.GetRequiredKeyedService<IPredictor<Penguin, SpeciesPrediction>>("none");
        var all = app.GetRequiredKeyedService<IPredictor<Penguin, SpeciesPrediction>>("all");
        var rows = models.CompletePenguins;

        for (var i = 0; i < 1000; i++)
        {
            var key = i % 2 == 0 ? null : "user-" + i.ToString(CultureInfo.InvariantCulture);
            var never = none.PredictWithDetails(rows[i % rows.Count], key);
            never.Variant.Should().Be(ServingVariants.Primary);
            never.Version.Should().Be(1);
            var always = all.PredictWithDetails(rows[i % rows.Count], key);
            always.Variant.Should().Be(ServingVariants.Canary);
            always.Version.Should().Be(2);
        }

        none.Status.CanaryPercentage.Should().Be(0);
        all.Status.CanaryPercentage.Should().Be(100);
    }

    [Fact]
    public async Task A_canary_named_by_alias_follows_the_alias_as_it_moves()
    {
        await using var harness = new ServingHarness(models);
        await RegisterPrimaryAndCanaryAsync(harness);
        await harness.RegisterAsync(models.PenguinsZip);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", o =>
        {
            o.Alias = "champion";
            o.Canary = new CanaryRoute { Alias = "challenger", Percentage = 100 };
        }));
        var server = app.GetRequiredService<IModelServer>();
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        await server.SyncAsync(Ct);
        var row = models.CompletePenguins[0];

        predictor.PredictWithDetails(row).Should().Match<Prediction<SpeciesPrediction>>(p => p.Variant == ServingVariants.Canary && p.Version == 2);

        await harness.Registry.SetAliasAsync("penguins", "challenger", 3, "next candidate", Ct);
        await server.SyncAsync(Ct);

        var moved = predictor.PredictWithDetails(row);
        moved.Variant.Should().Be(ServingVariants.Canary);
        moved.Version.Should().Be(3);
        var status = server.GetStatus("penguins");
        status.Canary!.Version.Should().Be(3);
        status.Canary.Cause.Reason.Should().Be("next candidate");
        status.Live!.Version.Should().Be(1, "moving the canary's alias leaves the primary alone");

        // Moving the primary's alias leaves the canary alone.
        await harness.Registry.SetAliasAsync("penguins", "champion", 2, cancellationToken: Ct);
        await server.SyncAsync(Ct);
        status = server.GetStatus("penguins");
        status.Live!.Version.Should().Be(2);
        status.Canary!.Version.Should().Be(3);
    }

    [Fact]
    public async Task A_batch_is_answered_by_one_variant_and_a_routing_key_picks_the_same_variant_for_batches_and_single_rows()
    {
        await using var harness = new ServingHarness(models);
        await RegisterPrimaryAndCanaryAsync(harness);
        var reference = harness.Open(s => s
            .AddModel<Penguin, SpeciesPrediction>("penguins", o => { o.Key = "v1"; o.Version = 1; })
            .AddModel<Penguin, SpeciesPrediction>("penguins", o => { o.Key = "v2"; o.Version = 2; }));
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", o =>
        {
            o.Alias = "champion";
            o.Canary = new CanaryRoute { Alias = "challenger", Percentage = 50 };
        }));
        await reference.GetRequiredService<IModelServer>().SyncAsync(Ct);
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        var rows = models.CompletePenguins.Take(24).ToList();
        var primaryScores = reference.GetRequiredKeyedService<IPredictor<Penguin, SpeciesPrediction>>("v1").PredictBatch(rows).Select(o => o.Score).ToList();
        var canaryScores = reference.GetRequiredKeyedService<IPredictor<Penguin, SpeciesPrediction>>("v2").PredictBatch(rows).Select(o => o.Score).ToList();
        primaryScores.Zip(canaryScores).Should().OnlyContain(p => !p.First.SequenceEqual(p.Second), "the beak-only canary scores every row differently");

        var batchesByVariant = new Dictionary<string, int> { [ServingVariants.Primary] = 0, [ServingVariants.Canary] = 0 };
        for (var batch = 0; batch < 80; batch++)
        {
            var scores = predictor.PredictBatch(rows).Select(o => o.Score).ToList();
            var fromPrimary = scores.Zip(primaryScores).All(p => p.First.SequenceEqual(p.Second));
            var fromCanary = scores.Zip(canaryScores).All(p => p.First.SequenceEqual(p.Second));
            (fromPrimary ^ fromCanary).Should().BeTrue("every row of batch {0} comes from the same variant", batch);
            batchesByVariant[fromPrimary ? ServingVariants.Primary : ServingVariants.Canary]++;
        }

        // At 50 %, 80 batches all on one side has probability 2^-79.
        batchesByVariant.Values.Should().OnlyContain(n => n > 0);

        foreach (var key in Enumerable.Range(0, 40).Select(i => "tenant-" + i.ToString(CultureInfo.InvariantCulture)))
        {
            var expected = ExpectedVariant(key, 50);
            predictor.PredictWithDetails(rows[0], key).Variant.Should().Be(expected);
            var scores = (await predictor.PredictBatchAsync(rows, key, Ct)).Select(o => o.Score);
            scores.Should().Equal(expected == ServingVariants.Canary ? canaryScores : primaryScores, (x, y) => x.SequenceEqual(y));
        }
    }

    [Fact]
    public async Task A_canary_that_has_not_loaded_yet_leaves_all_traffic_on_the_primary()
    {
        await using var harness = new ServingHarness(models);
        await RegisterPrimaryAndCanaryAsync(harness);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", o =>
        {
            o.Alias = "champion";
            o.Canary = new CanaryRoute { Alias = "not-set-yet", Percentage = 100 };
        }));
        var server = app.GetRequiredService<IModelServer>();
        await server.SyncAsync(Ct);
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();

        var status = server.GetStatus("penguins");
        status.Canary.Should().BeNull();
        status.Health.Should().Be(ServingHealth.Degraded, "the canary's alias does not resolve");
        status.LastError.Should().Contain("not-set-yet");
        for (var i = 0; i < 50; i++)
        {
            predictor.PredictWithDetails(models.CompletePenguins[i], "user-" + i.ToString(CultureInfo.InvariantCulture))
                .Should().Match<Prediction<SpeciesPrediction>>(p => p.Variant == ServingVariants.Primary && p.Version == 1);
        }

        await harness.Registry.SetAliasAsync("penguins", "not-set-yet", 2, cancellationToken: Ct);
        await server.SyncAsync(Ct);
        predictor.PredictWithDetails(models.CompletePenguins[0]).Variant.Should().Be(ServingVariants.Canary);
        server.GetStatus("penguins").Health.Should().Be(ServingHealth.Healthy);
    }

    /// <summary>Version 1 is the champion (all measurements), version 2 the beak-only challenger.</summary>
    private async Task RegisterPrimaryAndCanaryAsync(ServingHarness harness)
    {
        await harness.RegisterAsync(models.PenguinsZip);
        await harness.RegisterAsync(models.BeakOnlyZip);
        await harness.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);
        await harness.Registry.SetAliasAsync("penguins", "challenger", 2, cancellationToken: Ct);
    }

    /// <summary>The documented routing: FNV-1a over the key's UTF-16 code units, modulo 10000, against the share in hundredths of a percent.</summary>
    private static string ExpectedVariant(string key, double percentage)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash % 10_000 < (uint)Math.Round(percentage * 100) ? ServingVariants.Canary : ServingVariants.Primary;
    }
}
