using System.Reflection;
using Mlops.Storage;

namespace Mlops.Core.Tests.DependencyInjection;

/// <summary>
/// Stands in for a metadata provider in start-up tests: <see cref="IMlopsStore.InitializeAsync"/> is counted, every
/// other member throws. A proxy, so that it keeps compiling while the store contract grows.
/// </summary>
public class StubMlopsStore : DispatchProxy
{
    public int InitializeCalls { get; private set; }

    public static (IMlopsStore Store, StubMlopsStore Stub) Create()
    {
        var store = DispatchProxy.Create<IMlopsStore, StubMlopsStore>();
        return (store, (StubMlopsStore)(object)store);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        switch (targetMethod?.Name)
        {
            case nameof(IMlopsStore.InitializeAsync):
                InitializeCalls++;
                return Task.CompletedTask;
            case "get_" + nameof(IMlopsStore.ProviderName):
                return "stub";
            default:
                throw new NotSupportedException($"The start-up stub store does not implement {targetMethod?.Name}.");
        }
    }
}
