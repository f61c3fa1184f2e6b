namespace Mlops.Governance;

/// <summary>A person's override of one model output, for <see cref="IHumanOversight.RecordOverrideAsync"/>.</summary>
/// <param name="ModelName">The registered model that produced the output.</param>
/// <param name="Version">The version that produced it (<c>Prediction.Version</c>).</param>
/// <param name="PredictionReference">What identifies the prediction: its trace id (as in inference records) or the app's own prediction id.</param>
/// <param name="OriginalOutput">The model's output as JSON.</param>
/// <param name="OverridingOutput">The decision that replaced it, as JSON.</param>
/// <param name="Reason">Why the person overrode it.</param>
public sealed record OutputOverride(string ModelName, int Version, string PredictionReference, string OriginalOutput, string OverridingOutput, string Reason);
