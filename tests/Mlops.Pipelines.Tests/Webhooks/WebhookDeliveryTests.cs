using Microsoft.Extensions.DependencyInjection;
using System.Text;
using System.Text.Json;
using Mlops.Pipelines.Webhooks;
using static Mlops.Pipelines.Tests.Webhooks.WebhookHarness;

namespace Mlops.Pipelines.Tests.Webhooks;

public sealed class WebhookDeliveryTests
{
    [Fact]
    public async Task A_matching_event_is_posted_as_signed_JSON_and_logged()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var harness = new WebhookHarness();
        var host = await harness.StartAsync(receiver);

        await JournalAsync(host, "run.created", "run/abc");
        var entry = await JournalAsync(host, "model.alias.set", "model/penguins", """{"alias":"production","version":3,"reason":"better F1"}""");

        // Deliveries of one webhook go out in sequence order: had the run entry matched, it would have arrived first.
        var request = await receiver.NextAsync();
        request.Event.Should().Be("model.alias.set");
        request.DeliveryId.Should().Be($"ops/{entry.Sequence:D20}");
        request.ContentType.Should().Be("application/json; charset=utf-8");
        WebhookSignature.Verify(Secret, request.DeliveryId, request.Timestamp, request.Body, request.Signature).Should().BeTrue();
        WebhookSignature.Verify("another-secret-0123456789", request.DeliveryId, request.Timestamp, request.Body, request.Signature).Should().BeFalse();

        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        root.GetProperty("deliveryId").GetString().Should().Be(request.DeliveryId);
        root.GetProperty("webhook").GetString().Should().Be("ops");
        root.GetProperty("sequence").GetInt64().Should().Be(entry.Sequence);
        root.GetProperty("kind").GetString().Should().Be("model.alias.set");
        root.GetProperty("subject").GetString().Should().Be("model/penguins");
        root.GetProperty("actor").GetString().Should().Be("alice");
        root.GetProperty("hash").GetString().Should().Be(entry.Hash);
        root.GetProperty("payload").GetProperty("version").GetInt32().Should().Be(3, "the payload is a JSON object, not a string");
        root.GetProperty("payload").GetProperty("reason").GetString().Should().Be("better F1");

        var delivery = await FinishedAsync(host, request.DeliveryId!);
        delivery.Status.Should().Be(WebhookDeliveryStatus.Succeeded);
        delivery.EventKind.Should().Be("model.alias.set");
        delivery.Instance.Should().Be("instance-a");
        delivery.Attempts.Should().ContainSingle().Which.StatusCode.Should().Be(200);
        var page = await Api(host).GetDeliveriesAsync("ops", cancellationToken: Ct);
        page.Deliveries.Should().ContainSingle().Which.Id.Should().Be(delivery.Id);
    }

    [Fact]
    public async Task A_500_is_retried_until_success_and_every_attempt_is_logged()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = n => n switch { 1 => 500, 2 => 503, _ => 200 };
        await using var harness = new WebhookHarness();
        var host = await harness.StartAsync(receiver);

        await JournalAsync(host, "serving.drift.detected", "serving/penguins");

        var first = await receiver.NextAsync();
        var second = await receiver.NextAsync();
        var third = await receiver.NextAsync();
        new[] { second.DeliveryId, third.DeliveryId }.Should().AllBe(first.DeliveryId);
        second.Body.Should().Equal(first.Body);
        var delivery = await FinishedAsync(host, first.DeliveryId!);
        delivery.Status.Should().Be(WebhookDeliveryStatus.Succeeded);
        delivery.Attempts.Select(a => a.StatusCode).Should().Equal(500, 503, 200);
        (await Api(host).GetAsync("ops", Ct)).ConsecutiveFailures.Should().Be(0);
    }

    [Fact]
    public async Task A_delivery_whose_attempts_all_fail_is_a_failed_delivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => 500;
        await using var harness = new WebhookHarness();
        var host = await harness.StartAsync(receiver, o => o.MaxAttempts = 3);

        await JournalAsync(host);

        var request = await receiver.NextAsync();
        var delivery = await FinishedAsync(host, request.DeliveryId!);
        delivery.Status.Should().Be(WebhookDeliveryStatus.Failed);
        delivery.Attempts.Select(a => a.StatusCode).Should().Equal(500, 500, 500);
        receiver.Count.Should().Be(3);
        // The delivery is completed before the webhook's failure count is updated (two records): wait for the second.
        var status = await EventuallyAsync(() => Api(host).GetAsync("ops", Ct), s => s.ConsecutiveFailures > 0);
        status.ConsecutiveFailures.Should().Be(1);
        status.LastError.Should().Contain("500");
        status.Enabled.Should().BeTrue();
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => 404;
        await using var harness = new WebhookHarness();
        var host = await harness.StartAsync(receiver, o => o.MaxAttempts = 5);

        await JournalAsync(host);

        var request = await receiver.NextAsync();
        var delivery = await FinishedAsync(host, request.DeliveryId!);
        delivery.Status.Should().Be(WebhookDeliveryStatus.Failed);
        delivery.Attempts.Should().ContainSingle().Which.StatusCode.Should().Be(404);
        receiver.Count.Should().Be(1);
    }

    [Fact]
    public async Task Timeouts_and_network_errors_are_retried_and_logged_as_errors()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = n => n == 1 ? -1 : 200;
        await using var harness = new WebhookHarness();
        var host = await harness.StartAsync(receiver, o => o.AttemptTimeout = TimeSpan.FromMilliseconds(300));

        await JournalAsync(host);

        var first = await receiver.NextAsync();
        var delivery = await FinishedAsync(host, first.DeliveryId!);
        delivery.Status.Should().Be(WebhookDeliveryStatus.Succeeded);

        // The first attempt is held by the receiver until it times out. On a loaded machine a later attempt can also
        // run past the 300 ms, so the count is not fixed: every attempt before the last timed out, and the last got 200.
        delivery.Attempts.Should().HaveCountGreaterThanOrEqualTo(2);
        delivery.Attempts.SkipLast(1).Should().AllSatisfy(a =>
        {
            a.StatusCode.Should().BeNull();
            a.Error.Should().Contain("timed out");
        });
        delivery.Attempts[delivery.Attempts.Count - 1].StatusCode.Should().Be(200);

        // A port nobody listens on: connection refused, retried, then failed.
        var closed = new Uri($"http://127.0.0.1:{ClosedPort()}/hook");
        var refused = harness.Build(p => p.AddWebhook("closed", o =>
        {
            o.Url = closed;
            o.Secret = Secret;
            o.EventKinds = ["model.alias.set"];
            o.MaxAttempts = 2;
            o.RetryDelay = TimeSpan.Zero;
            o.MaxRetryDelay = TimeSpan.Zero;
        }), "instance-b");
        await refused.StartAsync(Ct);
        var entry = await JournalAsync(refused);
        var failed = await FinishedAsync(refused, $"closed/{entry.Sequence:D20}");
        failed.Status.Should().Be(WebhookDeliveryStatus.Failed);
        failed.Attempts.Should().HaveCount(2).And.OnlyContain(a => a.StatusCode == null && a.Error != null);
    }

    [Fact]
    public async Task Redelivery_sends_the_same_body_again_with_a_new_signature_and_logs_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var harness = new WebhookHarness();
        var host = await harness.StartAsync(receiver);
        await JournalAsync(host);
        var original = await receiver.NextAsync();
        await FinishedAsync(host, original.DeliveryId!);

        var redelivered = await Api(host).RedeliverAsync(original.DeliveryId!, Ct);

        var again = await receiver.NextAsync();
        again.DeliveryId.Should().Be(original.DeliveryId);
        again.Body.Should().Equal(original.Body, "the body depends only on the event, the webhook and the delivery id");
        WebhookSignature.Verify(Secret, again.DeliveryId, again.Timestamp, again.Body, again.Signature).Should().BeTrue();
        redelivered.Status.Should().Be(WebhookDeliveryStatus.Succeeded);
        redelivered.Attempts.Select(a => a.Redelivery).Should().Equal(false, true);
        (await Api(host).GetDeliveryAsync(original.DeliveryId!, Ct)).Should().BeEquivalentTo(redelivered);

        var act = () => Api(host).RedeliverAsync("ops/00000000000000009999", Ct);
        await act.Should().ThrowAsync<MlopsNotFoundException>();
        var malformed = () => Api(host).RedeliverAsync("ops-9999", Ct);
        await malformed.Should().ThrowAsync<MlopsValidationException>();
    }

    [Fact]
    public async Task The_delivery_log_pages_newest_first()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var harness = new WebhookHarness();
        var host = await harness.StartAsync(receiver);
        var sequences = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            sequences.Add((await JournalAsync(host)).Sequence);
        }

        for (var i = 0; i < 5; i++)
        {
            await FinishedAsync(host, (await receiver.NextAsync()).DeliveryId!);
        }

        var first = await Api(host).GetDeliveriesAsync("ops", maxResults: 2, cancellationToken: Ct);
        var second = await Api(host).GetDeliveriesAsync("ops", maxResults: 2, beforeSequence: first.NextBeforeSequence, cancellationToken: Ct);
        var last = await Api(host).GetDeliveriesAsync("ops", maxResults: 2, beforeSequence: second.NextBeforeSequence, cancellationToken: Ct);
        first.Deliveries.Concat(second.Deliveries).Concat(last.Deliveries).Select(d => d.Sequence)
            .Should().Equal(sequences.AsEnumerable().Reverse());
        last.NextBeforeSequence.Should().BeNull();
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
