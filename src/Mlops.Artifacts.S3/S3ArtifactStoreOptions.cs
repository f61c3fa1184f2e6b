using System.ComponentModel.DataAnnotations;

namespace Mlops.Artifacts.S3;

/// <summary>Options of the S3 artifact store, validated when the host starts.</summary>
/// <remarks>
/// Content lives under <c>&lt;Prefix&gt;sha256/ab/cdef…</c>; large content is uploaded under <c>&lt;Prefix&gt;tmp/</c>
/// and copied into place. A writer that dies mid-put can leave a temporary object or an unfinished multipart upload
/// behind: give the bucket a lifecycle rule that expires <c>&lt;Prefix&gt;tmp/</c> and aborts incomplete multipart uploads
/// after a day.
/// </remarks>
public sealed class S3ArtifactStoreOptions : IValidatableObject
{
    /// <summary>Smallest part S3 accepts in a multipart upload (all parts but the last).</summary>
    public const int MinPartSize = 5 * 1024 * 1024;

    /// <summary>Largest part size this store allows; bigger parts only hold more memory per put.</summary>
    public const int MaxPartSize = 512 * 1024 * 1024;

    /// <summary>The bucket that holds the artifacts. It must exist; the store does not create it.</summary>
    /// <value>Required; no default. 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.</value>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    public string BucketName { get; set; } = string.Empty;

    /// <summary>
    /// Prepended to every key, so that several stores (teams, environments) can share a bucket, such as <c>team-a/</c>.
    /// </summary>
    /// <value>The default is empty (keys start with <c>sha256/</c>). When set it must end with <c>/</c> and must not start with one.</value>
    [RegularExpression("^(?!/).*/$")]
    public string Prefix { get; set; } = string.Empty;

    /// <summary>
    /// The endpoint of an S3-compatible server (MinIO, Ceph, moto, a proxy), such as <c>http://127.0.0.1:9000</c>.
    /// Leave empty for Amazon S3, whose endpoint follows from <see cref="Region"/>.
    /// </summary>
    /// <value>The default is <see langword="null"/> (Amazon S3). When set, an absolute <c>http</c> or <c>https</c> URL.</value>
    public string? ServiceUrl { get; set; }

    /// <summary>
    /// The AWS region, such as <c>eu-west-1</c>. With <see cref="ServiceUrl"/> it is the region requests are signed for.
    /// </summary>
    /// <value>
    /// The default is <see langword="null"/>: the SDK's region chain (<c>AWS_REGION</c>, the profile) for Amazon S3, and
    /// <c>us-east-1</c> for signing requests to a <see cref="ServiceUrl"/>.
    /// </value>
    public string? Region { get; set; }

    /// <summary>Addresses the bucket in the path (<c>host/bucket/key</c>) rather than in the host name, as most S3-compatible servers need.</summary>
    /// <value>The default is <see langword="false"/> (virtual-hosted style, as Amazon S3 prefers).</value>
    public bool ForcePathStyle { get; set; }

    /// <summary>An explicit access key id; set it together with <see cref="SecretKey"/>.</summary>
    /// <value>The default is <see langword="null"/>: credentials come from the AWS default chain (environment, profile, instance role).</value>
    public string? AccessKey { get; set; }

    /// <summary>The secret access key that goes with <see cref="AccessKey"/>.</summary>
    /// <value>The default is <see langword="null"/>: credentials come from the AWS default chain.</value>
    public string? SecretKey { get; set; }

    /// <summary>
    /// The size of one multipart-upload part, in bytes. Content up to this size is sent in one request; larger content is
    /// streamed in parts of this size. A put holds at most two part buffers (one filling while the other uploads).
    /// </summary>
    /// <value>8 MiB. Between <see cref="MinPartSize"/> (5 MiB) and <see cref="MaxPartSize"/> (512 MiB).</value>
    [Range(MinPartSize, MaxPartSize)]
    public int PartSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>Checks the rules that involve more than one option: the endpoint URL and the credential pair.</summary>
    /// <param name="validationContext">The validation context.</param>
    /// <returns>The broken rules, each naming the option.</returns>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ServiceUrl is not null
            && (!Uri.TryCreate(ServiceUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult(
                $"ServiceUrl '{ServiceUrl}' must be an absolute http or https URL, such as http://127.0.0.1:9000.", [nameof(ServiceUrl)]);
        }

        if (string.IsNullOrEmpty(AccessKey) != string.IsNullOrEmpty(SecretKey))
        {
            yield return new ValidationResult(
                "AccessKey and SecretKey go together: set both, or neither to use the AWS default credential chain.",
                [nameof(AccessKey), nameof(SecretKey)]);
        }
    }
}
