using System.Text;
using Microsoft.Extensions.Time.Testing;
using Mlops.Pipelines.Webhooks;

namespace Mlops.Pipelines.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    private const string Secret = "receiver-secret-0123456789";
    private const string DeliveryId = "ops/00000000000000000042";
    private static readonly DateTimeOffset SignedAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"kind":"model.alias.set","payload":{"version":3}}""");

    private static string Timestamp => SignedAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Signature => WebhookSignature.Compute(Secret, DeliveryId, SignedAt.ToUnixTimeSeconds(), Body);

    [Fact]
    public void The_signature_is_v1_and_the_base64_HMAC_SHA256_of_delivery_id_timestamp_and_body()
    {
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes(Secret));
        var expected = hmac.ComputeHash(Encoding.UTF8.GetBytes($"{DeliveryId}.{Timestamp}.").Concat(Body).ToArray());
        Signature.Should().Be("v1," + Convert.ToBase64String(expected));
    }

    [Fact]
    public void A_fresh_request_signed_with_the_secret_verifies()
    {
        var clock = new FakeTimeProvider(SignedAt.AddMinutes(4));
        WebhookSignature.Verify(Secret, DeliveryId, Timestamp, Body, Signature, clock).Should().BeTrue();
        WebhookSignature.Verify(Secret, DeliveryId, Timestamp, Body, "v1,AAAA " + Signature, clock).Should().BeTrue("one of several signatures may match (secret rotation)");
    }

    [Fact]
    public void A_stale_or_future_timestamp_is_rejected()
    {
        WebhookSignature.Verify(Secret, DeliveryId, Timestamp, Body, Signature, new FakeTimeProvider(SignedAt.AddMinutes(6))).Should().BeFalse();
        WebhookSignature.Verify(Secret, DeliveryId, Timestamp, Body, Signature, new FakeTimeProvider(SignedAt.AddMinutes(-6))).Should().BeFalse();
        WebhookSignature.Verify(Secret, DeliveryId, Timestamp, Body, Signature, new FakeTimeProvider(SignedAt.AddMinutes(6)), TimeSpan.FromMinutes(10)).Should().BeTrue();
    }

    [Fact]
    public void A_tampered_body_delivery_id_or_timestamp_or_another_secret_is_rejected()
    {
        var clock = new FakeTimeProvider(SignedAt);
        var tampered = (byte[])Body.Clone();
        tampered[^3] = (byte)'4';
        WebhookSignature.Verify(Secret, DeliveryId, Timestamp, tampered, Signature, clock).Should().BeFalse();
        WebhookSignature.Verify(Secret, "ops/00000000000000000043", Timestamp, Body, Signature, clock).Should().BeFalse();
        WebhookSignature.Verify(Secret, DeliveryId, (SignedAt.ToUnixTimeSeconds() + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Body, Signature, clock).Should().BeFalse();
        WebhookSignature.Verify("another-secret-0123456789", DeliveryId, Timestamp, Body, Signature, clock).Should().BeFalse();
    }

    [Theory]
    [InlineData(null, "1772366400", "v1,x")]
    [InlineData(DeliveryId, null, "v1,x")]
    [InlineData(DeliveryId, "not-a-number", "v1,x")]
    [InlineData(DeliveryId, "1772366400", null)]
    [InlineData(DeliveryId, "1772366400", "v2,abc")]
    [InlineData(DeliveryId, "1772366400", "v1,not base64!")]
    public void Missing_or_malformed_headers_are_not_authentic(string? deliveryId, string? timestamp, string? signature) =>
        WebhookSignature.Verify(Secret, deliveryId, timestamp, Body, signature, new FakeTimeProvider(SignedAt)).Should().BeFalse();
}
