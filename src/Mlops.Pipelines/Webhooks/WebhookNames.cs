namespace Mlops.Pipelines.Webhooks;

/// <summary>Webhook names: they appear in record ids, delivery ids and journal subjects, so no '/'.</summary>
internal static class WebhookNames
{
    public static void Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > 100 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new MlopsValidationException("webhook name", name, "a webhook name is 1 to 100 ASCII letters, digits, '-', '_' or '.'.");
        }
    }

    /// <summary>The delivery id of an event for a webhook: sorts by sequence within the webhook.</summary>
    public static string DeliveryId(string webhook, long sequence) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{webhook}/{sequence:D20}");

    public static bool TryParseDeliveryId(string deliveryId, out string webhook, out long sequence)
    {
        var slash = deliveryId.LastIndexOf('/');
        webhook = slash > 0 ? deliveryId[..slash] : "";
        sequence = 0;
        return slash > 0
            && deliveryId.Length - slash - 1 == 20
            && long.TryParse(deliveryId.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out sequence)
            && sequence >= 1;
    }
}
