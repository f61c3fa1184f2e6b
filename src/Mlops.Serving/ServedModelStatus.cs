using Mlops.Serving.Drift;

namespace Mlops.Serving;

/// <summary>A snapshot of one served model: what is live, since when and why, its routes, health and drift.</summary>
public sealed record ServedModelStatus
{
    /// <summary>The served model's key.</summary>
    public required string Key { get; init; }

    /// <summary>The registered model served.</summary>
    public required string ModelName { get; init; }

    /// <summary>The alias followed, or <see langword="null"/> when pinned to <see cref="PinnedVersion"/>.</summary>
    public string? Alias { get; init; }

    /// <summary>The version served when pinned, else <see langword="null"/>.</summary>
    public int? PinnedVersion { get; init; }

    /// <summary>The live primary version, or <see langword="null"/> when nothing is loaded yet.</summary>
    public ServedVersion? Live { get; init; }

    /// <summary>The canary version and its share, when a canary route is configured and loaded.</summary>
    public ServedVersion? Canary { get; init; }

    /// <summary>The percentage of traffic routed to the canary (0 without a canary route).</summary>
    public double CanaryPercentage { get; init; }

    /// <summary>The shadow (challenger) version, when a shadow route is configured and loaded.</summary>
    public ServedVersion? Shadow { get; init; }

    /// <summary>Shadow comparison counts since start.</summary>
    public ShadowStatistics ShadowStatistics { get; init; } = new(0, 0, 0, 0);

    /// <summary>
    /// Set while a person has stopped this model's serving with the kill switch: predictions answer from the fallback or
    /// throw <see cref="MlopsModelDisabledException"/>.
    /// </summary>
    public ServingDisabled? Disabled { get; init; }

    /// <summary>Healthy, degraded (a failed swap, drift over threshold, or stopped by the kill switch) or unhealthy (nothing loaded).</summary>
    public required ServingHealth Health { get; init; }

    /// <summary>The last failed load or swap, kept until a later swap of that variant succeeds.</summary>
    public string? LastError { get; init; }

    /// <summary>When <see cref="LastError"/> happened.</summary>
    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>The last online drift evaluation of the live version, or <see langword="null"/> before the first.</summary>
    public OnlineDriftStatus? Drift { get; init; }
}
