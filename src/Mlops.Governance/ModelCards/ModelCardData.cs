namespace Mlops.Governance;

/// <summary>Training or evaluation data: the datasets from lineage (generated) and how they were prepared (written).</summary>
/// <param name="Datasets">The datasets, with their digests.</param>
/// <param name="Notes">Written: collection, selection and preprocessing.</param>
public sealed record ModelCardData(IReadOnlyList<ModelCardDataset> Datasets, string? Notes);
