using System.ComponentModel.DataAnnotations;

namespace Mlops.Governance;

/// <summary>Options of the promotion approval workflow.</summary>
public sealed class ApprovalOptions
{
    /// <summary>
    /// How long a request may stay pending before it expires (on the next read, or <see cref="IPromotionWorkflow.ExpireStaleAsync"/>).
    /// <value>Default 7 days; between 1 minute and 3650 days.</value>
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan RequestLifetime { get; set; } = TimeSpan.FromDays(7);
}
