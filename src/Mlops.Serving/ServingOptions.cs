using System.ComponentModel.DataAnnotations;

namespace Mlops.Serving;

/// <summary>Options shared by every served model.</summary>
public sealed class ServingOptions
{
    /// <summary>
    /// How often the hosted service reads the journal for alias moves. When the store registers an
    /// <see cref="Mlops.Storage.IJournalChangeNotifier"/> (PostgreSQL) a change is read at once, and this is the longest
    /// wait between reads: the fallback when a notification is lost.
    /// </summary>
    /// <value>500 milliseconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a version that failed to load or warm up is left alone before it is tried again (a new alias move retries at once).</summary>
    /// <value>30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan FailedSwapRetryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether each published swap appends a <c>serving.swapped</c> journal entry (with this instance's name).</summary>
    /// <value><see langword="true"/>.</value>
    public bool JournalSwaps { get; set; } = true;

    /// <summary>How far back (in journal entries) the start-up looks for the entry that last moved each followed alias.</summary>
    /// <value>10000.</value>
    [Range(0, 10_000_000)]
    public int CauseLookback { get; set; } = 10_000;

    /// <summary>The instance name written in journal entries.</summary>
    /// <value>The machine name and process id.</value>
    public string InstanceName { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}";
}
