using System.ComponentModel.DataAnnotations;

namespace Mlops.Registry;

/// <summary>Options for the model registry, validated when the host starts.</summary>
public sealed class RegistryOptions
{
    /// <summary>
    /// How many loaded models <see cref="IModelRegistry.LoadAsync"/> keeps in memory. When a new model would exceed it, the
    /// least recently used one is evicted and disposed.
    /// </summary>
    /// <value>Defaults to 16.</value>
    [Range(1, 10_000)]
    public int MaxLoadedModels { get; set; } = 16;

    /// <summary>
    /// How long <see cref="IModelRegistry.LoadAsync"/> trusts a cached alias (or <c>latest</c>) resolution before asking the
    /// store again. A change made through this registry takes effect at once; a change made by another process is picked
    /// up at most this long after it was made. <see cref="TimeSpan.Zero"/> asks the store on every call.
    /// </summary>
    /// <value>Defaults to 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan AliasCacheDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The directory for the private temporary copies of model files that are verified before they are loaded.</summary>
    /// <value>Defaults to <see langword="null"/>: <c>mlops-registry</c> under the system temp directory.</value>
    public string? TempDirectory { get; set; }
}
