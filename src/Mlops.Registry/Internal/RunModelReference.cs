namespace Mlops.Registry;

/// <summary>A parsed <c>runs:/RUN_ID/path</c> reference to a model a run logged.</summary>
internal sealed record RunModelReference(string RunId, string ArtifactPath)
{
    private const string Scheme = "runs:/";
    private const string Expected = "expected runs:/RUN_ID/PATH, such as runs:/0123abcd.../model.";

    public static RunModelReference Parse(string uri)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        if (!uri.StartsWith(Scheme, StringComparison.Ordinal))
        {
            throw new MlopsValidationException("run model URI", uri, Expected);
        }

        var rest = uri[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1)
        {
            throw new MlopsValidationException("run model URI", uri, Expected);
        }

        var path = rest[(slash + 1)..].TrimEnd('/');
        InputRules.ValidateArtifactPath(path);
        return new RunModelReference(rest[..slash], path);
    }

    public override string ToString() => Scheme + RunId + "/" + ArtifactPath;
}
