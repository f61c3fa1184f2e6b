using System.ComponentModel.DataAnnotations;
using Azure.Core;

namespace Mlops.Artifacts.AzureBlob;

/// <summary>
/// Options of the Azure Blob Storage artifact store, validated when the host starts. Give either
/// <see cref="ConnectionString"/> or <see cref="ServiceUri"/> with <see cref="Credential"/>, not both.
/// </summary>
public sealed class AzureBlobArtifactStoreOptions
{
    /// <summary>The most bytes one staged block may hold (the service's limit is far higher; this bounds our buffer).</summary>
    internal const int MaxBlockSize = 100 * 1024 * 1024;

    /// <summary>The fewest bytes one staged block holds (except the last one of a blob).</summary>
    internal const int MinBlockSize = 64 * 1024;

    /// <summary>
    /// An Azure Storage connection string with account key or SAS, such as the one the portal shows or Azurite's
    /// development-account string. Leave empty when <see cref="ServiceUri"/> and <see cref="Credential"/> are used.
    /// </summary>
    /// <value>No default.</value>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The blob service endpoint, such as <c>https://myaccount.blob.core.windows.net</c>, used with
    /// <see cref="Credential"/> (Microsoft Entra ID). Leave empty when <see cref="ConnectionString"/> is used.
    /// </summary>
    /// <value>No default.</value>
    public Uri? ServiceUri { get; set; }

    /// <summary>The token credential (for example from Azure.Identity) that authorizes requests to <see cref="ServiceUri"/>.</summary>
    /// <value>No default; required with <see cref="ServiceUri"/>.</value>
    public TokenCredential? Credential { get; set; }

    /// <summary>
    /// The container that holds the artifacts: 3 to 63 lowercase letters, digits and single hyphens, starting and
    /// ending with a letter or digit (Azure's rule).
    /// </summary>
    /// <value>The default is <c>mlops-artifacts</c>.</value>
    [Required]
    [StringLength(63, MinimumLength = 3)]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]*[a-z0-9]$",
        ErrorMessage = "The container name must be lowercase letters, digits and single hyphens, starting and ending with a letter or digit.")]
    public string ContainerName { get; set; } = "mlops-artifacts";

    /// <summary>
    /// A folder-like prefix put before every blob name, so that several stores can share one container: blobs are named
    /// <c>{Prefix}sha256/ab/cdef…</c> and written through <c>{Prefix}tmp/</c>. Empty, or segments of letters, digits,
    /// <c>.</c>, <c>_</c> and <c>-</c> (not starting with <c>.</c>), each ending with <c>/</c>, such as <c>team-a/</c>.
    /// </summary>
    /// <value>The default is empty: blobs start at the root of the container.</value>
    [Required(AllowEmptyStrings = true)]
    [StringLength(512)]
    [RegularExpression("^([A-Za-z0-9_-][A-Za-z0-9._-]*/)*$",
        ErrorMessage = "The prefix must be empty or segments of letters, digits, '.', '_' and '-' (not starting with '.'), each ending with '/', such as 'team-a/'.")]
    public string Prefix { get; set; } = string.Empty;

    /// <summary>
    /// Whether the first put creates the container when it does not exist. Turn it off when the credential may write
    /// blobs but not create containers.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool CreateContainerIfMissing { get; set; } = true;

    /// <summary>
    /// How many bytes a put sends per staged block; the put holds one buffer of this size. A blob holds at most
    /// 50,000 blocks, so the largest artifact is 50,000 times this size (about 195 GiB at the default).
    /// </summary>
    /// <value>The default is 4 MiB. Between 64 KiB and 100 MiB.</value>
    [Range(MinBlockSize, MaxBlockSize)]
    public int BlockSize { get; set; } = 4 * 1024 * 1024;
}
