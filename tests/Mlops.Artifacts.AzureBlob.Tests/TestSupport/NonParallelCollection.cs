namespace Mlops.Artifacts.AzureBlob.Tests.TestSupport;

/// <summary>
/// Tests that measure process-wide allocations run in this collection, which xUnit runs alone after the parallel ones,
/// so that no other test's allocations are counted.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NonParallelCollection
{
    public const string Name = "Non-parallel";
}
