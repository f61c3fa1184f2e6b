using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Artifacts;
using Mlops.Artifacts.S3;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Picks the S3 artifact store: content-addressed objects in an Amazon S3 or S3-compatible bucket.</summary>
public static class S3ArtifactsMlopsBuilderExtensions
{
    /// <summary>
    /// Stores artifacts in the bucket <paramref name="bucketName"/> on Amazon S3, with the region and credentials of the
    /// AWS default chains. Replaces any artifact store picked before.
    /// </summary>
    /// <param name="builder">The Mlops builder.</param>
    /// <param name="bucketName">An existing bucket.</param>
    /// <returns>The builder, for chaining.</returns>
    public static MlopsBuilder UseS3Artifacts(this MlopsBuilder builder, string bucketName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(bucketName);
        return builder.UseS3Artifacts(options => options.BucketName = bucketName);
    }

    /// <summary>
    /// Stores artifacts in S3 or an S3-compatible server, configured by <paramref name="configure"/>; the options are
    /// validated when the host starts, and a broken rule fails the start naming the option. Replaces any artifact store
    /// picked before.
    /// </summary>
    /// <param name="builder">The Mlops builder.</param>
    /// <param name="configure">Sets the bucket and, optionally, the prefix, endpoint, region, addressing style, credentials and part size.</param>
    /// <returns>The builder, for chaining.</returns>
    public static MlopsBuilder UseS3Artifacts(this MlopsBuilder builder, Action<S3ArtifactStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptionsWithValidateOnStart<S3ArtifactStoreOptions>().Configure(configure);
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<S3ArtifactStoreOptions>, S3ArtifactStoreOptionsValidator>());
        builder.Services.Replace(ServiceDescriptor.Singleton<IArtifactStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<S3ArtifactStoreOptions>>().Value;
            return new S3ArtifactStore(
                S3ClientFactory.Create(options),
                ownsClient: true,
                options.BucketName,
                options.Prefix,
                options.PartSize,
                sp.GetService<ILoggerFactory>()?.CreateLogger("Mlops.Artifacts.S3"));
        }));
        return builder;
    }
}
