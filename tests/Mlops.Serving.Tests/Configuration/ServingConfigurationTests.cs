using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Serving.Routing;

namespace Mlops.Serving.Tests.Configuration;

public sealed class ServingConfigurationTests(TrainedModels models)
{
    private static readonly Dictionary<string, Action<ServedModelOptions<Penguin, SpeciesPrediction>>> InvalidOptions = new()
    {
        ["both alias and version"] = o => { o.Alias = "champion"; o.Version = 1; },
        ["neither alias nor version"] = _ => { },
        ["version 0"] = o => o.Version = 0,
        ["bad alias syntax"] = o => o.Alias = "not an alias!",
        ["empty key"] = o => { o.Alias = "champion"; o.Key = ""; },
        ["no pooled engines"] = o => { o.Alias = "champion"; o.MaxPooledEngines = 0; },
        ["negative range margin"] = o => { o.Alias = "champion"; o.InputChecks.RangeMargin = -0.1; },
        ["NaN range margin"] = o => { o.Alias = "champion"; o.InputChecks.RangeMargin = double.NaN; },
        ["canary percentage 150"] = o => { o.Alias = "champion"; o.Canary = new CanaryRoute { Alias = "challenger", Percentage = 150 }; },
        ["canary percentage -1"] = o => { o.Alias = "champion"; o.Canary = new CanaryRoute { Version = 2, Percentage = -1 }; },
        ["canary with both"] = o => { o.Alias = "champion"; o.Canary = new CanaryRoute { Alias = "challenger", Version = 2 }; },
        ["canary with neither"] = o => { o.Alias = "champion"; o.Canary = new CanaryRoute(); },
        ["canary bad alias"] = o => { o.Alias = "champion"; o.Canary = new CanaryRoute { Alias = "a/b" }; },
        ["shadow sample rate 0"] = o => { o.Alias = "champion"; o.Shadow = new ShadowRoute<SpeciesPrediction> { Alias = "challenger", SampleRate = 0 }; },
        ["shadow sample rate 1.5"] = o => { o.Alias = "champion"; o.Shadow = new ShadowRoute<SpeciesPrediction> { Alias = "challenger", SampleRate = 1.5 }; },
        ["shadow max queued 0"] = o => { o.Alias = "champion"; o.Shadow = new ShadowRoute<SpeciesPrediction> { Alias = "challenger", MaxQueued = 0 }; },
        ["shadow with neither"] = o => { o.Alias = "champion"; o.Shadow = new ShadowRoute<SpeciesPrediction>(); },
        ["drift sample rate 0"] = o => { o.Alias = "champion"; o.Drift.SampleRate = 0; },
        ["drift window 5"] = o => { o.Alias = "champion"; o.Drift.WindowSize = 5; },
        ["drift minimum rows over window"] = o => { o.Alias = "champion"; o.Drift.WindowSize = 100; o.Drift.MinimumRows = 101; },
        ["drift minimum rows 0"] = o => { o.Alias = "champion"; o.Drift.MinimumRows = 0; },
        ["drift interval 0"] = o => { o.Alias = "champion"; o.Drift.EvaluationInterval = TimeSpan.Zero; },
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("both alias and version", "Alias/Version")]
    [InlineData("neither alias nor version", "Alias/Version")]
    [InlineData("version 0", "Version")]
    [InlineData("bad alias syntax", "alias")]
    [InlineData("empty key", "Key")]
    [InlineData("no pooled engines", "MaxPooledEngines")]
    [InlineData("negative range margin", "InputChecks.RangeMargin")]
    [InlineData("NaN range margin", "InputChecks.RangeMargin")]
    [InlineData("canary percentage 150", "Canary.Percentage")]
    [InlineData("canary percentage -1", "Canary.Percentage")]
    [InlineData("canary with both", "Canary.Alias/Canary.Version")]
    [InlineData("canary with neither", "Canary.Alias/Canary.Version")]
    [InlineData("canary bad alias", "alias")]
    [InlineData("shadow sample rate 0", "Shadow.SampleRate")]
    [InlineData("shadow sample rate 1.5", "Shadow.SampleRate")]
    [InlineData("shadow max queued 0", "Shadow.MaxQueued")]
    [InlineData("shadow with neither", "Shadow.Alias/Shadow.Version")]
    [InlineData("drift sample rate 0", "Drift.SampleRate")]
    [InlineData("drift window 5", "Drift.WindowSize")]
    [InlineData("drift minimum rows over window", "Drift.MinimumRows")]
    [InlineData("drift minimum rows 0", "Drift.MinimumRows")]
    [InlineData("drift interval 0", "Drift.EvaluationInterval")]
    public void Invalid_options_fail_when_the_model_is_added_naming_the_field(string mistake, string field)
    {
        var services = new ServiceCollection();

        var add = () => services.AddMlops(m => m.AddServing(s => s.AddModel("penguins", InvalidOptions[mistake])));

        var thrown = add.Should().Throw<MlopsValidationException>().Which;
        thrown.Field.Should().Be(field);
        thrown.Message.Should().Contain(field);
        services.Should().NotContain(d => d.ServiceType == typeof(IPredictor<Penguin, SpeciesPrediction>), "nothing is registered for a refused model");
    }

    [Fact]
    public void The_alias_overload_validates_the_alias_and_the_name()
    {
        var services = new ServiceCollection();

        services.Invoking(s => s.AddMlops(m => m.AddServing(b => b.AddModel<Penguin, SpeciesPrediction>("penguins", "bad alias"))))
            .Should().Throw<MlopsValidationException>().Which.Field.Should().Be("alias");
        services.Invoking(s => s.AddMlops(m => m.AddServing(b => b.AddModel<Penguin, SpeciesPrediction>("penguins", ""))))
            .Should().Throw<ArgumentException>();
        services.Invoking(s => s.AddMlops(m => m.AddServing(b => b.AddModel<Penguin, SpeciesPrediction>("penguins", 0))))
            .Should().Throw<MlopsValidationException>().Which.Field.Should().Be("Version");
        services.Invoking(s => s.AddMlops(m => m.AddServing(b => b.AddModel<Penguin, SpeciesPrediction>("", "champion"))))
            .Should().Throw<MlopsValidationException>().Which.Field.Should().Be("model name");
    }

    [Fact]
    public void A_duplicate_key_is_refused_within_one_AddServing_and_across_two()
    {
        var services = new ServiceCollection();

        services.Invoking(s => s.AddMlops(m => m.AddServing(b => b
                .AddModel<Penguin, SpeciesPrediction>("penguins", "champion")
                .AddModel<Penguin, SpeciesPrediction>("penguins", "challenger"))))
            .Should().Throw<MlopsValidationException>().Which.Should().Match<MlopsValidationException>(e => e.Field == "key" && e.Value == "penguins");

        var other = new ServiceCollection();
        other.AddMlops(m => m.AddServing(b => b.AddModel<Penguin, SpeciesPrediction>("penguins", o => { o.Alias = "champion"; o.Key = "shared"; })));
        other.Invoking(s => s.AddMlops(m => m.AddServing(b => b.AddModel<Penguin, SpeciesPrediction>("other-model", o => { o.Alias = "champion"; o.Key = "shared"; }))))
            .Should().Throw<MlopsValidationException>().Which.Value.Should().Be("shared");
    }

    [Fact]
    public async Task Two_models_with_the_same_types_resolve_by_key_and_the_plain_predictor_is_the_first()
    {
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip);
        await harness.RegisterAsync(models.BeakOnlyZip);
        await harness.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);
        await harness.Registry.SetAliasAsync("penguins", "challenger", 2, cancellationToken: Ct);
        var app = harness.Open(s => s
            .AddModel<Penguin, SpeciesPrediction>("penguins", o => { o.Key = "stable"; o.Alias = "champion"; })
            .AddModel<Penguin, SpeciesPrediction>("penguins", o => { o.Key = "candidate"; o.Alias = "challenger"; }));
        var server = app.GetRequiredService<IModelServer>();
        await server.SyncAsync(Ct);

        var stable = app.GetRequiredKeyedService<IPredictor<Penguin, SpeciesPrediction>>("stable");
        var candidate = app.GetRequiredKeyedService<IPredictor<Penguin, SpeciesPrediction>>("candidate");
        var plain = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();

        stable.Key.Should().Be("stable");
        candidate.Key.Should().Be("candidate");
        plain.Should().BeSameAs(stable);
        candidate.Should().NotBeSameAs(stable);
        app.GetRequiredKeyedService<IPredictor<Penguin, SpeciesPrediction>>("stable").Should().BeSameAs(stable, "served models are singletons");
        app.GetKeyedService<IPredictor<Penguin, SpeciesPrediction>>("penguins").Should().BeNull("the key replaces the model name");

        var row = models.CompletePenguins[0];
        stable.PredictWithDetails(row).Should().Match<Prediction<SpeciesPrediction>>(p => p.Version == 1 && p.ModelName == "penguins");
        candidate.PredictWithDetails(row).Should().Match<Prediction<SpeciesPrediction>>(p => p.Version == 2 && p.ModelName == "penguins");
        server.GetStatuses().Select(s => (s.Key, s.ModelName, s.Alias, s.Live!.Version))
            .Should().Equal(("stable", "penguins", "champion", 1), ("candidate", "penguins", "challenger", 2));
        server.GetStatus("candidate").Should().BeEquivalentTo(candidate.Status, o => o.Excluding(s => s.Drift));
    }

    [Fact]
    public async Task Serving_the_reserved_alias_latest_follows_registrations_and_archiving()
    {
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", "latest"));
        var server = app.GetRequiredService<IModelServer>();
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        await server.SyncAsync(Ct);
        predictor.PredictWithDetails(models.CompletePenguins[0]).Version.Should().Be(1);

        await harness.RegisterAsync(models.BeakOnlyZip);
        await server.SyncAsync(Ct);
        predictor.PredictWithDetails(models.CompletePenguins[0]).Version.Should().Be(2, "a new registration moves 'latest'");

        await harness.Registry.ArchiveVersionAsync("penguins", 2, Ct);
        await server.SyncAsync(Ct);
        predictor.PredictWithDetails(models.CompletePenguins[0]).Version.Should().Be(1, "an archived version is not the latest ready one");
        server.GetStatus("penguins").Should().Match<ServedModelStatus>(s => s.Alias == "latest" && s.Health == ServingHealth.Healthy);
    }

    [Fact]
    public async Task Null_inputs_are_argument_errors()
    {
        await using var harness = new ServingHarness(models);
        var predictor = await ServeChampionAsync(harness);

        predictor.Invoking(p => p.Predict(null!)).Should().Throw<ArgumentNullException>();
        predictor.Invoking(p => p.Predict(null!, "user-1")).Should().Throw<ArgumentNullException>();
        predictor.Invoking(p => p.PredictWithDetails(null!)).Should().Throw<ArgumentNullException>();
        predictor.Invoking(p => p.PredictBatch(null!)).Should().Throw<ArgumentNullException>();
        predictor.Invoking(p => p.PredictBatch([models.CompletePenguins[0], null!])).Should().Throw<ArgumentException>().Which.Message.Should().Contain("Row 1");
        await predictor.Awaiting(p => p.PredictAsync(null!, cancellationToken: Ct).AsTask()).Should().ThrowAsync<ArgumentNullException>();
        await predictor.Awaiting(p => p.PredictBatchAsync(null!, cancellationToken: Ct).AsTask()).Should().ThrowAsync<ArgumentNullException>();
        predictor.PredictWithDetails(models.CompletePenguins[0]).Version.Should().Be(1, "errors leave the predictor serving");
    }

    [Fact]
    public async Task A_batch_answers_in_order_exactly_as_single_predictions_do_and_the_async_forms_agree()
    {
        await using var harness = new ServingHarness(models);
        var predictor = await ServeChampionAsync(harness);
        var rows = models.Penguins;

        var singles = rows.Select(r => predictor.Predict(r)).ToList();
        var batch = predictor.PredictBatch(rows);
        var batchAsync = await predictor.PredictBatchAsync(rows, cancellationToken: Ct);

        batch.Should().HaveCount(rows.Count);
        batch.Select(o => o.PredictedSpecies).Should().Equal(singles.Select(o => o.PredictedSpecies));
        batch.Select(o => o.Score).Should().Equal(singles.Select(o => o.Score), (x, y) => x.SequenceEqual(y));
        batchAsync.Select(o => o.Score).Should().Equal(singles.Select(o => o.Score), (x, y) => x.SequenceEqual(y));
        batch.Should().OnlyHaveUniqueItems(o => o, "every row gets its own output object");
        for (var i = 0; i < 40; i++)
        {
            var single = await predictor.PredictAsync(rows[i], "user", Ct);
            single.PredictedSpecies.Should().Be(singles[i].PredictedSpecies);
            single.Score.Should().Equal(singles[i].Score);
        }

        predictor.PredictBatch([]).Should().BeEmpty();
        (await predictor.PredictBatchAsync([], cancellationToken: Ct)).Should().BeEmpty();
        var accuracy = rows.Zip(singles).Count(p => p.First.Species == p.Second.PredictedSpecies) / (double)rows.Count;
        accuracy.Should().BeGreaterThan(0.9, "the champion is a real model");
    }

    [Fact]
    public async Task PredictBatchAsync_waits_for_the_first_load_and_honours_cancellation()
    {
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip);
        await harness.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", "champion"));
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        var rows = models.CompletePenguins.Take(5).ToList();

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await predictor.Awaiting(p => p.PredictAsync(rows[0], cancellationToken: cancelled.Token).AsTask()).Should().ThrowAsync<OperationCanceledException>();
        predictor.Invoking(p => p.PredictBatch(rows)).Should().Throw<MlopsModelUnavailableException>();

        var waiting = predictor.PredictBatchAsync(rows, cancellationToken: Ct).AsTask();
        waiting.IsCompleted.Should().BeFalse();
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        (await waiting).Select(o => o.PredictedSpecies).Should().Equal(predictor.PredictBatch(rows).Select(o => o.PredictedSpecies));
    }

    [Fact]
    public async Task Status_of_an_unknown_key_is_not_found()
    {
        await using var harness = new ServingHarness(models);
        await ServeChampionAsync(harness);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", "champion"));
        var server = app.GetRequiredService<IModelServer>();

        var thrown = server.Invoking(s => s.GetStatus("nope")).Should().Throw<MlopsNotFoundException>().Which;
        thrown.Identifier.Should().Be("nope");
        thrown.EntityKind.Should().Be("served model");
        server.Invoking(s => s.GetStatus("")).Should().Throw<ArgumentException>();
        server.GetStatus("penguins").Health.Should().Be(ServingHealth.Unhealthy, "nothing is loaded before the first sync");
        server.GetStatuses().Should().ContainSingle().Which.Key.Should().Be("penguins");
    }

    [Fact]
    public async Task A_server_without_models_syncs_and_reports_nothing()
    {
        await using var harness = new ServingHarness(models);
        var app = harness.Open(_ => { });
        var server = app.GetRequiredService<IModelServer>();

        await server.SyncAsync(Ct);
        await server.EvaluateDriftAsync(Ct);
        server.GetStatuses().Should().BeEmpty();
        server.Invoking(s => s.GetStatus("penguins")).Should().Throw<MlopsNotFoundException>();
    }

    private async Task<IPredictor<Penguin, SpeciesPrediction>> ServeChampionAsync(ServingHarness harness)
    {
        await harness.RegisterAsync(models.PenguinsZip);
        await harness.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", "champion"));
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        return app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
    }
}
