using Amazon.Runtime;
using Amazon.S3;

namespace Mlops.Artifacts.S3;

/// <summary>Builds the S3 client that validated options describe.</summary>
internal static class S3ClientFactory
{
    /// <summary>The region requests to an S3-compatible endpoint are signed for when none is configured.</summary>
    internal const string DefaultSigningRegion = "us-east-1";

    public static AmazonS3Client Create(S3ArtifactStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonS3Config { ForcePathStyle = options.ForcePathStyle };
        if (!string.IsNullOrEmpty(options.ServiceUrl))
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = string.IsNullOrEmpty(options.Region) ? DefaultSigningRegion : options.Region;
        }
        else if (!string.IsNullOrEmpty(options.Region))
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }

        // Without explicit keys the SDK resolves credentials through its default chain (environment, profile, instance role).
        return string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
