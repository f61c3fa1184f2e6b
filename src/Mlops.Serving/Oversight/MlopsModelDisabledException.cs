namespace Mlops.Serving;

/// <summary>
/// A person stopped serving this model with the kill switch (human oversight) and no fallback is configured: the model
/// will not answer until someone enables it again. Names who stopped it, when and why.
/// </summary>
public sealed class MlopsModelDisabledException : MlopsException
{
    /// <summary>Creates the exception for a served model stopped by <paramref name="actor"/> at <paramref name="since"/>.</summary>
    public MlopsModelDisabledException(string key, string modelName, string reason, string actor, DateTimeOffset since)
        : base($"Served model '{key}' (model '{modelName}') is disabled: serving was stopped by {actor} at {since:O}: {reason}")
    {
        Key = key;
        ModelName = modelName;
        Reason = reason;
        Actor = actor;
        Since = since;
    }

    /// <summary>The served model's key.</summary>
    public string Key { get; }

    /// <summary>The registered model whose serving is stopped.</summary>
    public string ModelName { get; }

    /// <summary>The reason given when serving was stopped.</summary>
    public string Reason { get; }

    /// <summary>Who stopped it.</summary>
    public string Actor { get; }

    /// <summary>When it was stopped.</summary>
    public DateTimeOffset Since { get; }
}
