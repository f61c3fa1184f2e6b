using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Mlops.Journal;
using Mlops.Pipelines.Webhooks;

namespace Mlops.Pipelines.Tests.Webhooks;

public sealed class WebhookBackoffTests
{
    [Fact]
    public async Task Retries_wait_an_exponential_back_off_on_the_time_provider()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = n => n < 3 ? 500 : 200;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddHttpClient(WebhookOptions.HttpClientName);
        services.Configure<WebhookOptions>("ops", o =>
        {
            o.Url = receiver.Url;
            o.Secret = WebhookHarness.Secret;
            o.EventKinds = ["*"];
            o.RetryDelay = TimeSpan.FromSeconds(10);
            o.MaxRetryDelay = TimeSpan.FromMinutes(5);
        });
        await using var provider = services.BuildServiceProvider();
        var sender = new WebhookSender(provider.GetRequiredService<IHttpClientFactory>(), provider.GetRequiredService<IOptionsMonitor<WebhookOptions>>(), clock);
        var entry = JournalChain.Seal(new JournalDraft("model.alias.set", "model/penguins", "alice", clock.GetUtcNow(), "{}"), 1, JournalChain.GenesisHash);
        var attempts = new List<WebhookAttempt>();

        var sending = sender.SendAsync("ops", "ops/00000000000000000001", entry, redelivery: false, (a, _) => { attempts.Add(a); return Task.CompletedTask; }, WebhookHarness.Ct);

        await receiver.NextAsync();
        await AdvanceUntilNextRequestAsync(receiver, clock);
        await AdvanceUntilNextRequestAsync(receiver, clock);
        var result = await sending;

        result.Should().Be(new WebhookSendResult(true, 3, null));
        attempts.Select(a => a.StatusCode).Should().Equal(500, 500, 200);
        // No retry before its delay has passed on the clock: 10 s, then twice that (no jitter). Only lower bounds: the
        // clock moves a second per 100 ms of real time until the retry arrives, so a slow machine may move it further
        // before the back-off timer is even set.
        (attempts[1].At - attempts[0].At).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(10));
        (attempts[2].At - attempts[1].At).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(20));
    }

    /// <summary>Moves the fake clock a second at a time until the retry arrives (the retry's timer may not be set yet).</summary>
    private static async Task AdvanceUntilNextRequestAsync(WebhookReceiver receiver, FakeTimeProvider clock)
    {
        for (var i = 0; i < 600; i++)
        {
            if (await receiver.TryNextAsync(TimeSpan.FromMilliseconds(100)) is not null)
            {
                return;
            }

            clock.Advance(TimeSpan.FromSeconds(1));
        }

        throw new TimeoutException("No retry arrived after 10 minutes on the fake clock.");
    }
}
