using Amazon.Runtime;
using Amazon.S3;

namespace Mlops.Artifacts.S3.Tests.TestSupport;

/// <summary>
/// The S3-compatible server the tests run against, named by <see cref="EndpointVariable"/> (<c>.ci/services/moto.sh</c>
/// starts moto_server and exports it). Absent on a developer's box, the tests skip saying how to start it; under CI
/// (<c>CI=true</c>) an absent or silent server fails them instead.
/// </summary>
internal static class S3TestServer
{
    public const string EndpointVariable = "MLOPS_TEST_S3_ENDPOINT";

    /// <summary>moto accepts any credentials; explicit ones keep the tests off the developer's real AWS chain.</summary>
    public const string AccessKey = "mlops-test";

    public const string SecretKey = "mlops-test-secret";

    private static readonly Lazy<Task<string?>> Problem = new(ProbeAsync);

    public static string? Endpoint => Environment.GetEnvironmentVariable(EndpointVariable) is { Length: > 0 } value ? value : null;

    private static bool UnderCi =>
        Environment.GetEnvironmentVariable("CI") is { } ci && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1");

    /// <summary>Returns the endpoint, or skips the test (fails it under CI) when the server is absent or does not answer.</summary>
    public static async Task<string> RequireAsync()
    {
        var problem = await Problem.Value;
        if (problem is not null)
        {
            var reason = $"{problem.TrimEnd('.')}. Start one with `pids=(); source .ci/services/moto.sh` (it exports {EndpointVariable}).";
            if (UnderCi)
            {
                Assert.Fail($"Under CI the S3 server is required: {reason}");
            }

            Assert.Skip(reason);
        }

        return Endpoint!;
    }

    public static AmazonS3Client CreateClient(string endpoint) => new(
        new BasicAWSCredentials(AccessKey, SecretKey),
        new AmazonS3Config { ServiceURL = endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });

    private static async Task<string?> ProbeAsync()
    {
        if (Endpoint is not { } endpoint)
        {
            return $"No S3-compatible server: {EndpointVariable} is not set.";
        }

        try
        {
            using var client = CreateClient(endpoint);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await client.ListBucketsAsync(timeout.Token);
            return null;
        }
        catch (Exception ex) when (ex is AmazonClientException or AmazonServiceException or OperationCanceledException or HttpRequestException)
        {
            return $"The S3-compatible server at {EndpointVariable}={endpoint} does not answer: {ex.Message}";
        }
    }
}
