using Microsoft.Extensions.DependencyInjection.Extensions;
using Mlops.Governance;

namespace Microsoft.Extensions.DependencyInjection;

internal static partial class GovernanceAreas
{
    static partial void AddAudit(GovernanceBuilder governance) =>
        governance.Services.TryAddSingleton<IAuditLog, AuditLog>();
}
