namespace Mlops.Serving;

/// <summary>No version of a served model is loaded (yet): the first load has not finished or has failed.</summary>
public sealed class MlopsModelUnavailableException : MlopsException
{
    /// <summary>Creates the exception for a served model key.</summary>
    public MlopsModelUnavailableException(string key, string reason)
        : base($"Served model '{key}' has no version loaded: {reason}")
    {
        Key = key;
    }

    /// <summary>The served model's key.</summary>
    public string Key { get; }
}
