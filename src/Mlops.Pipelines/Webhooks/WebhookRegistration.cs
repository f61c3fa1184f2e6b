namespace Mlops.Pipelines.Webhooks;

/// <summary>A webhook added under a name; its options are the named <see cref="WebhookOptions"/> of that name.</summary>
internal sealed class WebhookRegistration(string name)
{
    public string Name { get; } = name;

    /// <summary>The subject of the journal entries about this webhook.</summary>
    public string Subject => SubjectOf(Name);

    public static string SubjectOf(string name) => "webhook/" + name;
}
