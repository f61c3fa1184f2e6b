using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Journal;
using Mlops.Pipelines.Webhooks;
using static Mlops.Pipelines.Tests.Webhooks.WebhookHarness;

namespace Mlops.Pipelines.Tests.Webhooks;

public sealed class WebhookStateTests
{
    [Fact]
    public async Task A_webhook_that_keeps_failing_is_disabled_and_journaled_then_enabled_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => 500;
        await using var harness = new WebhookHarness();
        var host = await harness.StartAsync(receiver, o =>
        {
            o.MaxAttempts = 1;
            o.DisableAfterFailures = 2;
            o.EventKinds = ["model.alias.set", "webhook.*"];
        });

        await JournalAsync(host);
        await JournalAsync(host);
        var disabled = await EventuallyAsync(() => Api(host).GetAsync("ops", Ct), s => !s.Enabled);
        disabled.ConsecutiveFailures.Should().Be(2);
        disabled.DisabledReason.Should().Contain("2 consecutive failed deliveries");
        var journal = host.Services.GetRequiredService<IJournal>();
        var entry = (await journal.QueryAsync(new JournalQuery { Kinds = [JournalKinds.WebhookDisabled] }, Ct)).Should().ContainSingle().Subject;
        entry.Subject.Should().Be("webhook/ops");
        entry.Actor.Should().Be("ops");
        using (var payload = JsonDocument.Parse(entry.Payload))
        {
            payload.RootElement.GetProperty("consecutiveFailures").GetInt32().Should().Be(2);
            payload.RootElement.GetProperty("lastError").GetString().Should().Contain("500");
        }

        // Disabled: the event is passed over (the cursor moves past it), nothing is sent or logged.
        var skipped = await JournalAsync(host);
        await EventuallyAsync(() => Api(host).GetAsync("ops", Ct), s => s.Cursor >= skipped.Sequence);
        receiver.Count.Should().Be(2);
        var act = () => Api(host).GetDeliveryAsync($"ops/{skipped.Sequence:D20}", Ct);
        await act.Should().ThrowAsync<MlopsNotFoundException>();

        receiver.Answer = _ => 200;
        var enabled = await Api(host).EnableAsync("ops", Ct);
        enabled.Enabled.Should().BeTrue();
        enabled.ConsecutiveFailures.Should().Be(0);
        var enabledEntry = (await journal.QueryAsync(new JournalQuery { Kinds = [JournalKinds.WebhookEnabled] }, Ct)).Should().ContainSingle().Subject;
        enabledEntry.Subject.Should().Be("webhook/ops");

        // Its own webhook.* entries never reach it (no feedback): the next request is the next alias move.
        var next = await JournalAsync(host);
        (await receiver.NextAsync()).Number.Should().Be(1);
        (await receiver.NextAsync()).Number.Should().Be(2);
        var request = await receiver.NextAsync();
        request.DeliveryId.Should().Be($"ops/{next.Sequence:D20}");
        (await FinishedAsync(host, request.DeliveryId!)).Status.Should().Be(WebhookDeliveryStatus.Succeeded);
    }

    [Fact]
    public async Task A_webhook_hears_about_other_webhooks_being_disabled_and_enabled_by_an_operator()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var harness = new WebhookHarness();
        var host = harness.Build(p => p
            .AddWebhook("ops", o =>
            {
                o.Url = receiver.Url;
                o.Secret = Secret;
                o.EventKinds = ["webhook.*"];
            })
            .AddWebhook("ci", o =>
            {
                o.Url = receiver.Url;
                o.Secret = Secret;
                o.EventKinds = ["model.version.registered"];
            }));
        await host.StartAsync(Ct);

        var status = await Api(host).DisableAsync("ci", "endpoint retired", Ct);
        status.Enabled.Should().BeFalse();
        status.DisabledReason.Should().Be("endpoint retired");
        await Api(host).EnableAsync("ci", Ct);

        var first = await receiver.NextAsync();
        var second = await receiver.NextAsync();
        first.Event.Should().Be("webhook.disabled");
        second.Event.Should().Be("webhook.enabled");
        first.DeliveryId.Should().StartWith("ops/");
        (await Api(host).ListAsync(Ct)).Select(w => (w.Name, w.Enabled)).Should().Equal(("ci", true), ("ops", true));
    }

    [Fact]
    public async Task Two_dispatchers_on_one_store_deliver_each_event_exactly_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var harness = new WebhookHarness();
        var a = await harness.StartAsync(receiver, instance: "instance-a");
        var b = await harness.StartAsync(receiver, instance: "instance-b");

        var entries = new List<JournalEntry>();
        for (var i = 0; i < 20; i++)
        {
            entries.Add(await JournalAsync(i % 2 == 0 ? a : b));
        }

        var received = new List<ReceivedRequest>();
        for (var i = 0; i < 20; i++)
        {
            received.Add(await receiver.NextAsync());
        }

        // Every delivery finished and both followers past the last event: nothing more can be sent.
        foreach (var entry in entries)
        {
            await FinishedAsync(a, $"ops/{entry.Sequence:D20}");
        }

        await EventuallyAsync(() => Api(b).GetAsync("ops", Ct), s => s.Cursor >= entries[^1].Sequence);
        receiver.Count.Should().Be(20);
        received.Select(r => r.DeliveryId).Should().OnlyHaveUniqueItems()
            .And.BeEquivalentTo(entries.Select(e => $"ops/{e.Sequence:D20}"));
        var log = await Api(a).GetDeliveriesAsync("ops", maxResults: 100, cancellationToken: Ct);
        log.Deliveries.Should().HaveCount(20).And.OnlyContain(d => d.Status == WebhookDeliveryStatus.Succeeded && d.Attempts.Count == 1);
        log.Deliveries.Select(d => d.Instance).Should().BeSubsetOf(["instance-a", "instance-b"]);
    }

    [Fact]
    public async Task A_new_webhook_starts_at_the_head_and_events_journaled_while_stopped_are_delivered_after_restart()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var harness = new WebhookHarness();
        var setup = harness.Build(_ => { }, "setup");
        await setup.StartAsync(Ct);
        await JournalAsync(setup); // Before the webhook existed: never delivered.
        await setup.StopAsync(Ct);

        var first = await harness.StartAsync(receiver, instance: "first");
        var live = await JournalAsync(first);
        (await receiver.NextAsync()).DeliveryId.Should().Be($"ops/{live.Sequence:D20}");
        await FinishedAsync(first, $"ops/{live.Sequence:D20}");
        await first.StopAsync(Ct);

        var missed = new List<JournalEntry>();
        for (var i = 0; i < 3; i++)
        {
            missed.Add(await JournalAsync(first));
        }

        await harness.StartAsync(receiver, instance: "second");
        var delivered = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            delivered.Add((await receiver.NextAsync()).DeliveryId);
        }

        delivered.Should().Equal(missed.Select(e => $"ops/{e.Sequence:D20}"));
        receiver.Count.Should().Be(4);
    }
}
