using System.ComponentModel.DataAnnotations;

namespace Mlops.Pipelines.Webhooks;

/// <summary>Options of the hosted dispatcher that follows the journal for every webhook (<c>services.Configure&lt;WebhookDispatcherOptions&gt;</c>).</summary>
public sealed class WebhookDispatcherOptions
{
    /// <summary>
    /// How often each webhook's follower reads the journal for new entries. When the store registers an
    /// <see cref="Mlops.Storage.IJournalChangeNotifier"/> (PostgreSQL) a new entry is read at once and this only bounds the wait.
    /// </summary>
    /// <value>Default 1 second; between 10 milliseconds and 1 hour.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many journal entries a follower reads at a time.</summary>
    /// <value>Default 100; between 1 and 10000.</value>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>The instance name written in the delivery log (which instance of a fleet delivered).</summary>
    /// <value>Default the machine name and process id.</value>
    [Required]
    public string InstanceName { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}";
}
