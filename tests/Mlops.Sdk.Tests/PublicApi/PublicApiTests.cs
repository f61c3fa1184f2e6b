namespace Mlops.Sdk.Tests.PublicApi;

public sealed class PublicApiTests
{
    [Fact]
    public void The_public_API_matches_the_approved_file() =>
        PublicApiApproval.Verify(typeof(Microsoft.Extensions.DependencyInjection.EmbeddedDefaultsMlopsBuilderExtensions).Assembly);
}
