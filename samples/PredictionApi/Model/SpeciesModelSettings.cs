namespace PredictionApi.Model;

/// <summary>The <c>Mlops:Species</c> section of appsettings.json: which registered model the API serves.</summary>
public sealed class SpeciesModelSettings
{
    /// <summary>The registered model's name.</summary>
    public string Model { get; set; } = "penguin-species";

    /// <summary>The alias served; serving follows it when it moves.</summary>
    public string Alias { get; set; } = "champion";

    /// <summary>
    /// On a store where the model is not registered at all, train it on the shipped penguins and point the alias at it,
    /// so that a fresh clone answers predictions. A store that has the model is never changed.
    /// </summary>
    public bool SeedWhenMissing { get; set; } = true;
}
