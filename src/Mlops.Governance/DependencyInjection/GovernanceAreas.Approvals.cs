using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Mlops;
using Mlops.Governance;
using Mlops.Registry;
using Mlops.Storage;

namespace Microsoft.Extensions.DependencyInjection;

internal static partial class GovernanceAreas
{
    /// <summary>Promotion policies (as a registry guard, so direct alias moves cannot bypass them) and the approval workflow.</summary>
    static partial void AddApprovals(GovernanceBuilder governance)
    {
        var services = governance.Services;
        services.AddOptionsWithValidateOnStart<ApprovalOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApprovalOptions>, ApprovalOptionsValidator>());
        services.TryAddSingleton<PromotionPolicies>();
        services.TryAddSingleton(sp => new PromotionRequestStore(sp.GetRequiredService<IGovernanceStore>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPromotionGuard, PromotionPolicyGuard>());
        services.TryAddSingleton<IPromotionWorkflow>(sp => new PromotionWorkflow(
            sp.GetRequiredService<PromotionRequestStore>(),
            sp.GetRequiredService<PromotionPolicies>(),
            sp.GetRequiredService<IModelRegistry>(),
            sp.GetRequiredService<IAccessGuard>(),
            sp.GetRequiredService<IJournalStore>(),
            sp.GetRequiredService<IActorAccessor>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<ApprovalOptions>>(),
            (ILogger<PromotionWorkflow>?)sp.GetService<ILogger<PromotionWorkflow>>() ?? NullLogger<PromotionWorkflow>.Instance));
    }
}
