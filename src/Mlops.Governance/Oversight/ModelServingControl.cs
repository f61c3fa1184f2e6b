namespace Mlops.Governance;

/// <summary>A model's serving control: whether the kill switch has stopped it, and the last change.</summary>
/// <param name="ModelName">The registered model.</param>
/// <param name="Disabled">Whether serving is stopped.</param>
/// <param name="Reason">The reason given with the last change, or <see langword="null"/> when never changed.</param>
/// <param name="ChangedBy">Who made the last change, or <see langword="null"/> when never changed.</param>
/// <param name="ChangedAt">When, or <see langword="null"/> when never changed.</param>
/// <param name="Revision">The control record's revision (0 when never changed).</param>
public sealed record ModelServingControl(string ModelName, bool Disabled, string? Reason, string? ChangedBy, DateTimeOffset? ChangedAt, long Revision);
