namespace Mlops.Artifacts.AzureBlob.Tests.TestSupport;

/// <summary>
/// Where the Azurite blob service runs: <c>MLOPS_TEST_AZURITE_ENDPOINT</c>, exported by <c>.ci/services/azurite.sh</c>.
/// Without it a test skips on a developer's box and fails under CI, where a missing service is a defect.
/// </summary>
internal static class Azurite
{
    public const string EndpointVariable = "MLOPS_TEST_AZURITE_ENDPOINT";

    // Azurite's well-known development account, documented by Microsoft: not a secret, it opens nothing but Azurite.
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The connection string of the development account at the running Azurite; skips or fails when there is none.</summary>
    public static string ConnectionString
    {
        get
        {
            var endpoint = RequireEndpoint();
            return $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={endpoint};";
        }
    }

    /// <summary>A connection string in the right form for an endpoint where nothing listens.</summary>
    public static string ConnectionStringFor(string endpoint) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={endpoint};";

    private static string RequireEndpoint()
    {
        var endpoint = Environment.GetEnvironmentVariable(EndpointVariable);
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            return endpoint.TrimEnd('/');
        }

        var reason = $"Azurite is not running: {EndpointVariable} is not set. Start it with `source .ci/services/azurite.sh` (in bash, with `pids=()`).";
        if (IsCi)
        {
            Assert.Fail(reason + " Under CI (CI=true) a missing service is a failure, not a skip.");
        }

        Assert.Skip(reason);
        return string.Empty;
    }

    private static bool IsCi =>
        Environment.GetEnvironmentVariable("CI") is { } ci
        && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1");
}
