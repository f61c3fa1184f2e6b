using Mlops.Artifacts.S3;
using Mlops.Tests.Shared;

namespace Mlops.Artifacts.S3.Tests.PublicApi;

public sealed class PublicApiTests
{
    [Fact]
    public void The_public_API_matches_the_approved_file() => PublicApiApproval.Verify(typeof(S3ArtifactStoreOptions).Assembly);
}
