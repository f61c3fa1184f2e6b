using FluentAssertions;
using Mlops.Registry;
using Mlops.Serving.HotSwap;
using Mlops.Serving.Telemetry;

namespace Mlops.Serving.Tests.HotSwap;

/// <summary>
/// The generation's striped leases and per-stripe engines, driven directly: what a served prediction, a shadow mirror
/// and a drift evaluation (which releases its lease after an await, possibly on another thread) rely on.
/// </summary>
public sealed class ModelGenerationTests(TrainedModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_lease_released_on_another_thread_after_retire_disposes_the_generation_exactly_once()
    {
        await using var harness = new ServingHarness(models);
        var (generation, counter) = await CreateAsync(harness, maxPooled: 4);

        generation.TryAcquire(out var stripe).Should().BeTrue();
        generation.Retire();
        generation.IsDisposed.Should().BeFalse("a lease is still out");
        generation.TryAcquire(out _).Should().BeFalse("a retired generation takes no new lease");
        generation.IsDisposed.Should().BeFalse("the refused lease did not count as the last one out");

        // Released from a thread whose own stripe may differ: the lease is given back on the stripe it was taken on.
        await Task.Factory.StartNew(() => generation.Release(stripe), Ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        generation.IsDisposed.Should().BeTrue();
        counter.DisposedCount.Should().Be(1);
        generation.Retire();
        generation.TryAcquire(out _).Should().BeFalse();
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
                    if (!generation.TryAcquire(out var stripe))
                    {
                        Interlocked.Increment(ref refused);
                        return;
                    }

                    try
                    {
                        generation.PredictOnce(stripe, row).PredictedSpecies.Should().NotBeNullOrEmpty();
                        if (generation.IsDisposed)
                        {
                            Interlocked.Increment(ref disposedUnderLease);
                        }

                        Interlocked.Increment(ref leases);
                    }
                    finally
                    {
                        generation.Release(stripe);
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
    public async Task A_thread_gets_back_the_engine_it_returned_and_engines_beyond_the_limit_are_not_kept()
    {
        await using var harness = new ServingHarness(models);
        var (generation, _) = await CreateAsync(harness, maxPooled: 1);
        var stripe = ThreadStripe.Current;
        ThreadStripe.Current.Should().Be(stripe, "a thread keeps its stripe").And.BeInRange(0, ThreadStripe.Count - 1);

        var first = generation.Rent(stripe);
        var second = generation.Rent(stripe);
        second.Should().NotBeSameAs(first, "an engine is used by one caller at a time");
        generation.Return(stripe, first);
        generation.Return(stripe, second);

        generation.Rent(stripe).Should().BeSameAs(first, "the stripe's slot keeps the engine returned first");
        generation.Rent(stripe).Should().NotBeSameAs(second, "with MaxPooledEngines = 1 the second engine was dropped, not pooled");
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
