using Mlops.Serving;
using PredictionApi.Model;

namespace PredictionApi.Sightings;

/// <summary>The API the team had before Mlops: record and list sightings. Mlops only adds the species suggestion.</summary>
public static class SightingEndpoints
{
    public static RouteGroupBuilder MapSightings(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/sightings");
        group.MapGet("/", (SightingLog log) => TypedResults.Ok(log.List()));
        group.MapGet("/{id:int}", (int id, SightingLog log) => log.Find(id) is { } sighting
            ? Results.Ok(sighting)
            : Results.Problem(detail: $"No sighting {id}.", statusCode: StatusCodes.Status404NotFound));
        group.MapPost("/", (SightingRequest request, SightingLog log, IPredictor<Penguin, SpeciesPrediction> species) =>
        {
            if (string.IsNullOrWhiteSpace(request.Island) || string.IsNullOrWhiteSpace(request.Observer))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["island"] = ["Island and observer are required."] });
            }

            // The same served model as /invocations, called in-process: hot swaps and the kill switch apply here too.
            var suggested = string.IsNullOrEmpty(request.Species) && species.Status.Live is not null
                ? species.Predict(new Penguin
                {
                    BeakLength = request.BeakLength,
                    BeakDepth = request.BeakDepth,
                    FlipperLength = request.FlipperLength,
                    BodyMass = request.BodyMass,
                }).PredictedSpecies
                : null;
            var sighting = log.Add(request, suggested);
            return Results.Created($"/api/sightings/{sighting.Id}", sighting);
        });
        return group;
    }
}
