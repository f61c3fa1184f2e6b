namespace Mlops.Artifacts;

/// <summary>
/// A content-addressed blob store. Content is named by its SHA-256 digest (64 lowercase hex characters), stored once
/// however often it is put, written atomically, streamed both ways, and checked against its digest on every read.
/// </summary>
public interface IArtifactStore
{
    /// <summary>
    /// Streams <paramref name="content"/> into the store and returns its digest and length. Putting bytes that are
    /// already stored keeps one copy. Concurrent puts of the same content are safe.
    /// </summary>
    Task<ArtifactDescriptor> PutAsync(Stream content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens stored content for reading. The stream verifies the digest as it is read and throws
    /// <see cref="MlopsArtifactIntegrityException"/> at the end if the bytes do not match; <see cref="MlopsNotFoundException"/> if absent.
    /// </summary>
    Task<Stream> OpenReadAsync(string digest, CancellationToken cancellationToken = default);

    /// <summary>Returns the descriptor of stored content, or <see langword="null"/> when absent.</summary>
    Task<ArtifactDescriptor?> GetAsync(string digest, CancellationToken cancellationToken = default);
}
