using System.ComponentModel.DataAnnotations;

namespace Mlops.Artifacts.FileSystem;

/// <summary>Options of the file-system artifact store, validated when the host starts.</summary>
public sealed class FileSystemArtifactStoreOptions
{
    /// <summary>
    /// The directory that holds the content-addressed files (<c>sha256/ab/cdef…</c>) and the <c>tmp/</c> folder they are
    /// written through. A relative path resolves against the current directory when the store is created at start.
    /// </summary>
    /// <value>The default is <c>.mlops/artifacts</c>, beside the embedded SQLite database. Must not be empty.</value>
    [Required]
    public string RootPath { get; set; } = ".mlops/artifacts";
}
