namespace Mlops;

/// <summary>Thrown when stored artifact bytes no longer match their SHA-256 digest (or length) when read.</summary>
public sealed class MlopsArtifactIntegrityException : MlopsException
{
    /// <summary>Creates the exception for the expected and the actual digest.</summary>
    public MlopsArtifactIntegrityException(string expectedDigest, string actualDigest)
        : base($"Artifact integrity check failed: expected SHA-256 {expectedDigest} but the stored bytes hash to {actualDigest}.")
    {
        ExpectedDigest = expectedDigest;
        ActualDigest = actualDigest;
    }

    /// <summary>The digest the artifact is stored under.</summary>
    public string ExpectedDigest { get; }

    /// <summary>The digest of the bytes actually read.</summary>
    public string ActualDigest { get; }
}
