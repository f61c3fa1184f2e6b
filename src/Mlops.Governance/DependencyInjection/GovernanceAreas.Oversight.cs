using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mlops;
using Mlops.Governance;
using Mlops.Registry;
using Mlops.Storage;

namespace Microsoft.Extensions.DependencyInjection;

internal static partial class GovernanceAreas
{
    static partial void AddOversight(GovernanceBuilder governance) =>
        governance.Services.TryAddSingleton<IHumanOversight>(sp => new HumanOversight(
            sp.GetRequiredService<IGovernanceStore>(),
            sp.GetRequiredService<IJournalStore>(),
            sp.GetRequiredService<IModelRegistry>(),
            sp.GetRequiredService<IAccessGuard>(),
            sp.GetRequiredService<IActorAccessor>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger("Mlops.Governance.Oversight") ?? NullLogger.Instance));
}
