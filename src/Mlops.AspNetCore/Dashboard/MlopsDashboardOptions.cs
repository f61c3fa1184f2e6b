using System.ComponentModel.DataAnnotations;

namespace Mlops.AspNetCore.Dashboard;

/// <summary>Options of the dashboard mapped by <c>MapMlopsDashboard</c>; set them with <c>AddMlops(m =&gt; m.AddDashboard(o =&gt; ...))</c>.</summary>
public sealed class MlopsDashboardOptions
{
    /// <summary>
    /// The ASP.NET Core authorization policy every dashboard page requires. When null, only local requests are served
    /// (remote address loopback or equal to the local address, as Hangfire's dashboard does) and others get 403.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: local requests only.</value>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>The title shown in the page header and the browser tab.</summary>
    /// <value>Defaults to <c>Mlops</c>.</value>
    [Required]
    public string Title { get; set; } = "Mlops";

    /// <summary>Rows per page of the runs table and the journal.</summary>
    /// <value>Defaults to 50.</value>
    [Range(1, 1000)]
    public int PageSize { get; set; } = 50;
}
