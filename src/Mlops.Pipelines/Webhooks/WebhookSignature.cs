using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Mlops.Pipelines.Webhooks;

/// <summary>
/// The signature of webhook requests, in the style of MLflow's webhooks: HMAC-SHA256 with the webhook's secret over
/// <c>{delivery id}.{timestamp}.{body}</c> (timestamp in Unix seconds, body as the raw bytes sent), sent as
/// <c>X-Mlops-Signature: v1,{base64}</c> beside <c>X-Mlops-Delivery-Id</c> and <c>X-Mlops-Timestamp</c>. Receivers call
/// <see cref="Verify"/> with the raw body before parsing it.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header carrying the signature, <c>v1,{base64}</c> (several separated by spaces are accepted by <see cref="Verify"/>).</summary>
    public const string SignatureHeader = "X-Mlops-Signature";

    /// <summary>The header carrying the delivery id (the same on redeliveries).</summary>
    public const string DeliveryIdHeader = "X-Mlops-Delivery-Id";

    /// <summary>The header carrying when the request was signed, in Unix seconds (new on each attempt).</summary>
    public const string TimestampHeader = "X-Mlops-Timestamp";

    /// <summary>The header carrying the journal entry's kind, such as <c>model.alias.set</c>.</summary>
    public const string EventHeader = "X-Mlops-Event";

    /// <summary>The signature scheme's version prefix.</summary>
    public const string Version = "v1";

    /// <summary>How far a request's timestamp may be from the receiver's clock, either way, by default: 5 minutes.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>Computes the <see cref="SignatureHeader"/> value, <c>v1,{base64}</c>.</summary>
    public static string Compute(string secret, string deliveryId, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        return Version + "," + Convert.ToBase64String(Mac(secret, deliveryId, timestamp.ToString(CultureInfo.InvariantCulture), body));
    }

    /// <summary>
    /// Whether a request is authentic and fresh: its signature matches the secret, the delivery id, the timestamp and the
    /// raw body (compared in constant time), and its timestamp is within <paramref name="tolerance"/> of now.
    /// Missing or malformed headers are simply not authentic.
    /// </summary>
    /// <param name="secret">The webhook's secret.</param>
    /// <param name="deliveryId">The <see cref="DeliveryIdHeader"/> value.</param>
    /// <param name="timestamp">The <see cref="TimestampHeader"/> value.</param>
    /// <param name="body">The raw request body, exactly as received.</param>
    /// <param name="signature">The <see cref="SignatureHeader"/> value.</param>
    /// <param name="timeProvider">The clock to check the timestamp against; <see langword="null"/> for the system clock.</param>
    /// <param name="tolerance">How far the timestamp may be from now, either way; <see langword="null"/> for <see cref="DefaultTolerance"/>.</param>
    public static bool Verify(
        string secret, string? deliveryId, string? timestamp, ReadOnlySpan<byte> body, string? signature,
        TimeProvider? timeProvider = null, TimeSpan? tolerance = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (string.IsNullOrEmpty(deliveryId) || string.IsNullOrEmpty(signature)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        var now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        var skew = (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration();
        if (skew > (tolerance ?? DefaultTolerance))
        {
            return false;
        }

        var expected = Mac(secret, deliveryId, timestamp!, body);
        var matched = false;
        foreach (var candidate in signature.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            // Every candidate is compared, so the time taken does not tell which one (or how much of one) matched.
            matched |= candidate.StartsWith(Version + ",", StringComparison.Ordinal)
                && TryDecode(candidate.AsSpan(Version.Length + 1), out var given)
                && CryptographicOperations.FixedTimeEquals(given, expected);
        }

        return matched;
    }

    private static byte[] Mac(string secret, string deliveryId, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(deliveryId + "." + timestamp + ".");
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    private static bool TryDecode(ReadOnlySpan<char> base64, out byte[] bytes)
    {
        var buffer = new byte[(base64.Length * 3 / 4) + 3];
        if (Convert.TryFromBase64Chars(base64, buffer, out var written))
        {
            bytes = buffer[..written];
            return true;
        }

        bytes = [];
        return false;
    }
}
