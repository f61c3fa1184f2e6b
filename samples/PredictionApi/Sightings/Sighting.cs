namespace PredictionApi.Sightings;

/// <summary>What a field team reports: where, who, and the bird's measurements; the species if they could tell.</summary>
public sealed record SightingRequest(string Island, string Observer, float BeakLength, float BeakDepth, float FlipperLength, float BodyMass, string? Species);

/// <summary>A stored sighting. <see cref="SuggestedSpecies"/> is the species model's answer when the team left the species out.</summary>
public sealed record Sighting(
    int Id,
    DateTimeOffset At,
    string Island,
    string Observer,
    float BeakLength,
    float BeakDepth,
    float FlipperLength,
    float BodyMass,
    string? Species,
    string? SuggestedSpecies);
