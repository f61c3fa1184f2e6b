using System.ComponentModel.DataAnnotations;

namespace Mlops.Pipelines.Triggers;

/// <summary>How this instance takes part in firing triggers once across a fleet.</summary>
public sealed class PipelineTriggerOptions
{
    /// <summary>This instance's name, written in claims and in <c>pipeline.triggered</c> journal entries.</summary>
    /// <value>The machine name and process id.</value>
    [Required]
    [StringLength(200, MinimumLength = 1)]
    public string InstanceName { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>
    /// How long a claim stays with its instance without being renewed. The instance running an execution renews it every
    /// third of this; once it has run out (the instance died), another instance takes the claim over and resumes the work.
    /// </summary>
    /// <value>Default 2 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How often journal triggers read the journal when the store cannot push changes (SQLite); with PostgreSQL's
    /// notifier a commit wakes them at once and this only bounds the wait.
    /// </summary>
    /// <value>Default 5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan JournalPollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
