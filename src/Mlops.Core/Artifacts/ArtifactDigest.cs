namespace Mlops.Artifacts;

/// <summary>Checks digest strings at the door of every artifact store.</summary>
public static class ArtifactDigest
{
    /// <summary>Tells whether <paramref name="digest"/> is 64 lowercase hex characters.</summary>
    public static bool IsValid(string? digest)
    {
        if (digest is null || digest.Length != 64)
        {
            return false;
        }

        foreach (var c in digest)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws <see cref="MlopsValidationException"/> unless the digest is valid.</summary>
    public static void Validate(string? digest)
    {
        if (!IsValid(digest))
        {
            throw new MlopsValidationException("artifact digest", digest, "a digest is a SHA-256 in 64 lowercase hex characters.");
        }
    }
}
