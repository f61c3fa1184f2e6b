namespace Mlops.Tracking;

/// <summary>A named group of runs.</summary>
/// <param name="ExperimentId">The store-assigned identifier (32 lowercase hex characters).</param>
/// <param name="Name">The unique experiment name.</param>
/// <param name="CreatedAt">When the experiment was created.</param>
/// <param name="CreatedBy">The actor who created it.</param>
public sealed record Experiment(string ExperimentId, string Name, DateTimeOffset CreatedAt, string CreatedBy);
