using FluentAssertions;
using Mlops.Registry;
using Mlops.Serving.HotSwap;
using Mlops.Serving.Telemetry;

namespace Mlops.Serving.Tests.HotSwap;

/// <summary>
/// The generation's lease and engine pool, driven directly: what a served prediction, a shadow mirror and a drift
/// evaluation (which releases its lease after an await, possibly on another thread) rely on.
/// </summary>
public sealed class ModelGenerationTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_lease_released_on_another_thread_after_retire_disposes_the_generation_exactly_once()
    {
        await using var harness = new ServingHarness(models);
        var (generation, counter) = await CreateAsync(harness, maxPooled: 4);

        generation.TryAcquire().Should().BeTrue();
        generation.Retire();
        generation.IsDisposed.Should().BeFalse("a lease is still out");
        generation.TryAcquire().Should().BeFalse("a retired generation takes no new lease");
        generation.IsDisposed.Should().BeFalse("the refused lease did not count as the last one out");

        // Released from another thread than the one that took it, as a drift evaluation does after an await.
        await Task.Factory.StartNew(generation.Release, Ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        generation.IsDisposed.Should().BeTrue();
        counter.DisposedCount.Should().Be(1);
        generation.Retire();
        generation.TryAcquire().Should().BeFalse();
        counter.DisposedCount.Should().Be(1, "retiring again or refusing a lease never disposes twice");
    }

    [Fact]
    public async Task Retiring_while_8_threads_lease_and_predict_disposes_once_and_never_under_a_lease()
    {
        await using var harness = new ServingHarness(models);
        var (generation, counter) = await CreateAsync(harness, maxPooled: 2);
        var row = models.CompletePenguins[0];
        using var started = new CountdownEvent(8);
        long leases = 0, refused = 0, disposedUnderLease = 0;

        var workers = Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(
            () =>
            {
                started.Signal();
                while (true)
                {
                    if (!generation.TryAcquire())
                    {
                        Interlocked.Increment(ref refused);
                        return;
                    }

                    try
                    {
                        generation.PredictOnce(row).PredictedSpecies.Should().NotBeNullOrEmpty();
                        if (generation.IsDisposed)
                        {
                            Interlocked.Increment(ref disposedUnderLease);
                        }

                        Interlocked.Increment(ref leases);
                    }
                    finally
                    {
                        generation.Release();
                    }
                }
            },
            Ct,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();

        started.Wait(Ct);
        while (Interlocked.Read(ref leases) < 2_000)
        {
            await Task.Yield();
        }

        generation.Retire();
        await Task.WhenAll(workers);

        refused.Should().Be(8, "every worker stops at its first refused lease");
        disposedUnderLease.Should().Be(0);
        generation.IsDisposed.Should().BeTrue("the last lease out disposed it");
        counter.DisposedCount.Should().Be(1);
    }

    [Fact]
    public async Task A_returned_engine_is_reused_and_engines_beyond_the_limit_are_not_kept()
    {
        await using var harness = new ServingHarness(models);
        var (generation, _) = await CreateAsync(harness, maxPooled: 1);
        var row = models.CompletePenguins[0];
        var first = generation.Rent();
        var second = generation.Rent();
        second.Should().NotBeSameAs(first, "an engine is used by one caller at a time");
        generation.Return(first);
        generation.Return(second);

        generation.Rent().Should().BeSameAs(first, "the pool keeps the engine returned first");
        var fresh = generation.Rent();
        fresh.Should().NotBeSameAs(second, "with MaxPooledEngines = 1 the second engine was dropped, not pooled");
        fresh.Predict(row).PredictedSpecies.Should().NotBeNullOrEmpty("dropping (disposing) an engine leaves the model working");
        generation.Retire();
    }

    private async Task<(ModelGeneration<Penguin, SpeciesPrediction> Generation, GenerationCounter Counter)> CreateAsync(ServingHarness harness, int maxPooled)
    {
        var version = await harness.RegisterAsync(models.PenguinsZip);
        var model = await harness.Registry.LoadOwnedAsync(version.Uri, Ct);
        var counter = new GenerationCounter();
        var served = new ServedVersion(version.Version, version.Uri, version.ArtifactDigest, DateTimeOffset.UnixEpoch, new SwapCause("test", null, null, null));
        var generation = new ModelGeneration<Penguin, SpeciesPrediction>(model, served, maxPooled, counter, new PredictionCounter([]))
        {
            Variant = ServingVariants.Primary,
        };
        return (generation, counter);
    }
}
