using Mlops.Validation.Drift;

namespace Mlops.Serving.Drift;

/// <summary>Online drift: a sample of live inputs kept in a fixed-size window per feature and compared with the version's reference profile.</summary>
public sealed class OnlineDriftOptions
{
    /// <summary>Whether to monitor drift (only versions with a reference profile are monitored).</summary>
    /// <value><see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>The share of predictions whose inputs are sampled into the window, in (0, 1].</summary>
    /// <value>0.1.</value>
    public double SampleRate { get; set; } = 0.1;

    /// <summary>The window: the last this many sampled rows per feature.</summary>
    /// <value>1000.</value>
    public int WindowSize { get; set; } = 1000;

    /// <summary>Rows the window needs before it is compared with the reference.</summary>
    /// <value>100.</value>
    public int MinimumRows { get; set; } = 100;

    /// <summary>How often the hosted service evaluates drift.</summary>
    /// <value>30 seconds.</value>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The validation package's drift tests and thresholds (Evidently's defaults); drift is over threshold when the report declares data set drift.</summary>
    public DriftOptions Tests { get; set; } = new();
}
