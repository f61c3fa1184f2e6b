using Mlops.Tests.Shared;

namespace Mlops.Storage.Sqlite.Tests.PublicApi;

public sealed class PublicApiTests
{
    [Fact]
    public void The_public_API_matches_the_approved_file() => PublicApiApproval.Verify(typeof(SqliteStoreOptions).Assembly);
}
