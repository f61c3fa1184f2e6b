using System.Collections.Concurrent;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Mlops.Journal;
using Mlops.Serving.Internal;

namespace Mlops.Serving.Tests.HotSwap;

public sealed class HotSwapTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Predicting_from_8_threads_while_the_alias_moves_100_times_never_fails_and_never_answers_from_a_replaced_version()
    {
        await using var harness = new ServingHarness(models);
        for (var i = 0; i < 101; i++)
        {
            await harness.RegisterAsync(models.PenguinsZip);
        }

        await harness.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", "champion"));
        var server = app.GetRequiredService<IModelServer>();
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        await server.SyncAsync(Ct);

        var rows = models.CompletePenguins;
        var published = 1;
        var errors = new ConcurrentQueue<Exception>();
        var stale = new ConcurrentQueue<string>();
        long predictions = 0;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 8).Select(t => Task.Factory.StartNew(
            () =>
            {
                var i = t;
                while (!stop.IsCancellationRequested)
                {
                    // Read what is published before the call: the answer must come from that version or a later one.
                    var floor = Volatile.Read(ref published);
                    try
                    {
                        var prediction = predictor.PredictWithDetails(rows[i++ % rows.Count]);
                        if (prediction.Version < floor)
                        {
                            stale.Enqueue($"version {prediction.Version} answered after version {floor} was published");
                        }

                        Interlocked.Increment(ref predictions);
                    }
                    catch (Exception e)
                    {
                        errors.Enqueue(e);
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();

        for (var version = 2; version <= 101; version++)
        {
            await harness.Registry.SetAliasAsync("penguins", "champion", version, cancellationToken: Ct);
            await server.SyncAsync(Ct);
            server.GetStatus("penguins").Live!.Version.Should().Be(version);
            Volatile.Write(ref published, version);
        }

        await stop.CancelAsync();
        await Task.WhenAll(workers);

        errors.Should().BeEmpty();
        stale.Should().BeEmpty();
        predictions.Should().BeGreaterThan(100);
        var generations = ((ModelServer)server).Models.Single().Generations;
        generations.CreatedCount.Should().Be(101);
        generations.Live.Should().Be(1, "every replaced generation is disposed once its engines are back");
    }

    [Fact]
    public async Task A_thousand_swaps_dispose_every_replaced_generation_and_memory_stays_flat()
    {
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip);
        await harness.RegisterAsync(models.BeakOnlyZip);
        await harness.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);
        var app = harness.Open(
            s => s.AddModel<Penguin, SpeciesPrediction>("penguins", "champion").Configure(o => o.JournalSwaps = false));
        var server = app.GetRequiredService<IModelServer>();
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        await server.SyncAsync(Ct);
        var row = models.CompletePenguins[0];
        var generations = ((ModelServer)server).Models.Single().Generations;

        long baseline = 0;
        for (var swap = 1; swap <= 1000; swap++)
        {
            var version = swap % 2 == 1 ? 2 : 1;
            await harness.Registry.SetAliasAsync("penguins", "champion", version, cancellationToken: Ct);
            await server.SyncAsync(Ct);
            predictor.PredictWithDetails(row).Version.Should().Be(version);
            generations.Live.Should().Be(1);
            if (swap == 100)
            {
                baseline = SettledMemory();
            }
        }

        var growth = SettledMemory() - baseline;
        generations.CreatedCount.Should().Be(1001);
        growth.Should().BeLessThan(16 * 1024 * 1024, "900 leaked generations would hold far more than 16 MB");
    }

    [Fact]
    public async Task The_follower_takes_the_next_move_while_the_previous_swaps_journal_entry_is_still_waiting_to_be_written()
    {
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip);
        await harness.RegisterAsync(models.BeakOnlyZip);
        await harness.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);
        GatedSwapJournal? gate = null;
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", "champion"), afterMlops: services =>
            services.Replace(ServiceDescriptor.Singleton(sp => GatedSwapJournal.Wrap(sp.GetRequiredService<Mlops.Storage.IMlopsStore>(), out gate))));
        var server = (ModelServer)app.GetRequiredService<IModelServer>();
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        var row = models.CompletePenguins[0];

        // The hang guard only turns a blocked follower into a failure; it never orders anything.
        await server.FollowAsync(Ct).WaitAsync(TimeSpan.FromMinutes(1), Ct);
        predictor.PredictWithDetails(row).Version.Should().Be(1);
        await harness.Registry.SetAliasAsync("penguins", "champion", 2, cancellationToken: Ct);
        await server.FollowAsync(Ct).WaitAsync(TimeSpan.FromMinutes(1), Ct);

        predictor.PredictWithDetails(row).Version.Should().Be(2, "the second move was taken while the first swap's entry was still held");
        gate!.Entered.Should().Be(1, "the second entry waits for the first, so swap entries stay in order");
        (await harness.JournalAsync()).Should().NotContain(e => e.Kind == JournalKinds.ServingSwapped);

        gate.Gate.SetResult();
        await server.SyncAsync(Ct);

        var swaps = (await harness.JournalAsync()).Where(e => e.Kind == JournalKinds.ServingSwapped).ToList();
        swaps.Select(e => e.Subject).Should().Equal("model/penguins/1", "model/penguins/2");
    }

    [Fact]
    public async Task The_live_version_says_since_when_and_which_journal_entry_put_it_there()
    {
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip);
        await harness.RegisterAsync(models.PenguinsZip);
        await harness.Registry.SetAliasAsync("penguins", "champion", 1, "first release", Ct);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", "champion"));
        var server = app.GetRequiredService<IModelServer>();
        await server.SyncAsync(Ct);

        var initial = server.GetStatus("penguins").Live!;
        var firstMove = (await harness.JournalAsync()).Last(e => e.Kind == JournalKinds.ModelAliasSet);
        initial.Version.Should().Be(1);
        initial.Cause.JournalSequence.Should().Be(firstMove.Sequence, "start-up looks back for the entry that set the alias");
        initial.Cause.Reason.Should().Be("first release");

        await harness.Registry.SetAliasAsync("penguins", "champion", 2, "better macro accuracy", Ct);
        await server.SyncAsync(Ct);

        var live = server.GetStatus("penguins").Live!;
        var move = (await harness.JournalAsync()).Last(e => e.Kind == JournalKinds.ModelAliasSet);
        live.Version.Should().Be(2);
        live.Cause.JournalSequence.Should().Be(move.Sequence);
        live.Cause.Actor.Should().Be("alice");
        live.Cause.Description.Should().Contain("moved from 1 to 2").And.Contain("better macro accuracy");
        live.Since.Should().BeOnOrAfter(initial.Since);
        live.Digest.Should().Be((await harness.Registry.GetVersionAsync("penguins", 2, Ct)).ArtifactDigest);

        var swapped = (await harness.JournalAsync()).Last(e => e.Kind == JournalKinds.ServingSwapped);
        swapped.Subject.Should().Be("model/penguins/2");
        swapped.Payload.Should().Contain("\"oldVersion\":1").And.Contain("\"newVersion\":2")
            .And.Contain(FormattableString.Invariant($"\"causeSequence\":{move.Sequence}"));
    }

    [Fact]
    public async Task A_version_that_does_not_fit_the_types_keeps_the_old_one_serving_and_degrades_health_until_the_alias_moves_back()
    {
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip);
        await harness.RegisterMisfitAsync();
        await harness.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", "champion"));
        var server = app.GetRequiredService<IModelServer>();
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        await server.SyncAsync(Ct);

        await harness.Registry.SetAliasAsync("penguins", "champion", 2, cancellationToken: Ct);
        await server.SyncAsync(Ct);

        var status = server.GetStatus("penguins");
        status.Live!.Version.Should().Be(1);
        status.Health.Should().Be(ServingHealth.Degraded);
        status.LastError.Should().NotBeNullOrEmpty();
        predictor.PredictWithDetails(models.CompletePenguins[0]).Version.Should().Be(1);

        await harness.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);
        await server.SyncAsync(Ct);
        status = server.GetStatus("penguins");
        status.Health.Should().Be(ServingHealth.Healthy);
        status.LastError.Should().BeNull();
    }

    [Fact]
    public async Task Predict_before_the_first_load_is_a_typed_error_and_PredictAsync_waits_for_it()
    {
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip);
        await harness.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", "champion"));
        var predictor = app.GetRequiredService<IPredictor<Penguin, SpeciesPrediction>>();
        var row = models.CompletePenguins[0];

        predictor.Invoking(p => p.Predict(row)).Should().Throw<MlopsModelUnavailableException>().Which.Key.Should().Be("penguins");
        predictor.Status.Health.Should().Be(ServingHealth.Unhealthy);

        var waiting = predictor.PredictAsync(row, cancellationToken: Ct).AsTask();
        waiting.IsCompleted.Should().BeFalse();
        await app.GetRequiredService<IModelServer>().SyncAsync(Ct);
        (await waiting).PredictedSpecies.Should().Be(predictor.Predict(row).PredictedSpecies);
    }

    [Fact]
    public async Task A_pinned_version_ignores_alias_moves()
    {
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip);
        await harness.RegisterAsync(models.PenguinsZip);
        await harness.Registry.SetAliasAsync("penguins", "champion", 2, cancellationToken: Ct);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", 1));
        var server = app.GetRequiredService<IModelServer>();
        await server.SyncAsync(Ct);
        await harness.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);
        await harness.Registry.SetAliasAsync("penguins", "champion", 2, cancellationToken: Ct);
        await server.SyncAsync(Ct);

        var status = server.GetStatus("penguins");
        status.Live!.Version.Should().Be(1);
        status.PinnedVersion.Should().Be(1);
        status.Live.Cause.Description.Should().Contain("pinned");
        ((ModelServer)server).Models.Single().Generations.CreatedCount.Should().Be(1);
    }

    [Fact]
    public async Task Deleting_the_followed_alias_keeps_the_live_version_and_reports_it()
    {
        await using var harness = new ServingHarness(models);
        await harness.RegisterAsync(models.PenguinsZip);
        await harness.Registry.SetAliasAsync("penguins", "champion", 1, cancellationToken: Ct);
        var app = harness.Open(s => s.AddModel<Penguin, SpeciesPrediction>("penguins", "champion"));
        var server = app.GetRequiredService<IModelServer>();
        await server.SyncAsync(Ct);

        await harness.Registry.DeleteAliasAsync("penguins", "champion", cancellationToken: Ct);
        await server.SyncAsync(Ct);

        var status = server.GetStatus("penguins");
        status.Live!.Version.Should().Be(1);
        status.Health.Should().Be(ServingHealth.Degraded);
        status.LastError.Should().Contain("champion");
    }

    private static long SettledMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
