namespace Mlops.Governance;

/// <summary>
/// What an alias (such as <c>production</c>) demands before it may point at a version. Declared with
/// <c>AddPromotionPolicy</c> or bound from configuration by <c>AddPromotionPolicies</c>; enforced as a registry promotion
/// guard, so calling the registry directly cannot bypass it. Every requirement is off by default.
/// </summary>
public sealed class PromotionPolicy
{
    /// <summary>The models the policy applies to. <value>Empty (the default): every model.</value></summary>
    public IList<string> Models { get; } = new List<string>();

    /// <summary>
    /// Whether the target version needs an attached validation report whose verdict is passed (version tag
    /// <c>mlops.validation.verdict</c> = <c>PASSED</c>). <value>Default <see langword="false"/>.</value>
    /// </summary>
    public bool RequirePassingValidation { get; set; }

    /// <summary>
    /// Parts of the attached validation report that must have run and passed: <c>data</c>, <c>drift</c>, <c>evaluation</c>,
    /// <c>fairness</c>, or one gated metric as <c>evaluation:METRIC</c> (see <see cref="ValidationCheckNames"/>).
    /// <value>Empty by default.</value>
    /// </summary>
    public IList<string> RequiredChecks { get; } = new List<string>();

    /// <summary>
    /// How many distinct actors other than the version's author must have approved a promotion request for exactly this
    /// model, alias and version (0–100). <value>Default 0: no approval needed.</value>
    /// </summary>
    public int RequiredApprovals { get; set; }

    /// <summary>
    /// Whether the target version's signature must not break that of the version the alias points at now (no current
    /// target passes). <value>Default <see langword="false"/>.</value>
    /// </summary>
    public bool RequireCompatibleSignature { get; set; }

    /// <summary>
    /// The principals (actors, <c>role:NAME</c>, or <c>*</c>) who may move or delete the alias.
    /// <value>Empty (the default): anyone.</value>
    /// </summary>
    public IList<string> AllowedPromoters { get; } = new List<string>();
}
