namespace Mlops.Governance;

/// <summary>The kinds of <see cref="GovernanceRecord"/> Mlops.Sdk keeps.</summary>
public static class GovernanceRecordKinds
{
    /// <summary>A promotion request with its approvals (id: the request id).</summary>
    public const string PromotionRequest = "promotion-request";

    /// <summary>A permission grant (id: <c>principal|resource kind|resource name</c>).</summary>
    public const string Permission = "permission";

    /// <summary>A model's serving control — the kill switch (id: the model name).</summary>
    public const string ModelControl = "model-control";

    /// <summary>The human-written fields of a model card (id: <c>name/version</c>).</summary>
    public const string ModelCard = "model-card";
}
