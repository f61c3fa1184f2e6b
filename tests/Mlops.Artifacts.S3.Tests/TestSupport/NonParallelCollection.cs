namespace Mlops.Artifacts.S3.Tests.TestSupport;

/// <summary>
/// Tests that measure process-wide allocations (or move hundreds of megabytes through the server) run in this
/// collection, which xUnit runs alone after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NonParallelCollection
{
    public const string Name = "Non-parallel";
}
