namespace Mlops.Serving;

/// <summary>Serve-time input checks against the served version's reference profile (stored with <c>IModelValidator.StoreReferenceProfileAsync</c>).</summary>
public sealed class InputCheckOptions
{
    /// <summary>What to do with a row that fails.</summary>
    /// <value><see cref="InputCheckMode.Flag"/>. Versions without a reference profile are not checked.</value>
    public InputCheckMode Mode { get; set; } = InputCheckMode.Flag;

    /// <summary>How far beyond the reference [min, max] a number may go, as a share of that range.</summary>
    /// <value>0.1 (10 % of the range on each side).</value>
    public double RangeMargin { get; set; } = 0.1;
}
