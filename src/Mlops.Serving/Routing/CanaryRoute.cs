namespace Mlops.Serving.Routing;

/// <summary>Sends a share of traffic to a second version, chosen by alias or version number.</summary>
public sealed class CanaryRoute
{
    /// <summary>The alias naming the canary version (followed like the primary's), or <see langword="null"/> when <see cref="Version"/> is set.</summary>
    public string? Alias { get; set; }

    /// <summary>The canary version, or <see langword="null"/> when <see cref="Alias"/> is set.</summary>
    public int? Version { get; set; }

    /// <summary>The percentage of predictions routed to the canary, in [0, 100].</summary>
    /// <value>10.</value>
    public double Percentage { get; set; } = 10;
}
