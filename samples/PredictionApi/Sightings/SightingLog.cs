using System.Collections.Concurrent;

namespace PredictionApi.Sightings;

/// <summary>The team's sightings, kept in memory: this sample's stand-in for the app's own database.</summary>
public sealed class SightingLog(TimeProvider time)
{
    private readonly ConcurrentDictionary<int, Sighting> _sightings = new();
    private int _lastId;

    public IReadOnlyList<Sighting> List() => _sightings.Values.OrderBy(s => s.Id).ToList();

    public Sighting? Find(int id) => _sightings.GetValueOrDefault(id);

    public Sighting Add(SightingRequest request, string? suggestedSpecies)
    {
        var sighting = new Sighting(Interlocked.Increment(ref _lastId), time.GetUtcNow(), request.Island, request.Observer,
            request.BeakLength, request.BeakDepth, request.FlipperLength, request.BodyMass, request.Species, suggestedSpecies);
        _sightings[sighting.Id] = sighting;
        return sighting;
    }
}
