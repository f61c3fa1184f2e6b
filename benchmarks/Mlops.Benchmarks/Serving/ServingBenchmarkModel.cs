using System.Text.Json;
using Microsoft.ML;
using Mlops.Validation.Profiles;

namespace Mlops.Benchmarks.Serving;

/// <summary>A car from samples/data/cars.json: the three features the regression reads and its label.</summary>
public sealed class ServingCar
{
    public float Horsepower { get; set; }

    public float Weight { get; set; }

    public float Cylinders { get; set; }

    public float MilesPerGallon { get; set; }
}

/// <summary>The regression's output (ML.NET's <c>Score</c> column).</summary>
public sealed class ServingMpg
{
    public float Score { get; set; }
}

/// <summary>
/// The serving benchmarks' model: FastTree regression, 100 trees, over Horsepower, Weight and Cylinders → MilesPerGallon
/// (the 392 complete cars of samples/data/cars.json, seeded), saved as an ML.NET <c>.zip</c> in a temporary folder, with
/// the profile of its three feature columns (the reference that turns serve-time input checks on).
/// </summary>
internal sealed class ServingBenchmarkModel : IDisposable
{
    public static readonly string[] Features = [nameof(ServingCar.Horsepower), nameof(ServingCar.Weight), nameof(ServingCar.Cylinders)];

    public ServingBenchmarkModel()
    {
        Folder = Directory.CreateTempSubdirectory("mlops-bench-serving-").FullName;
        Ml = new MLContext(seed: 7);
        Cars = LoadCars();
        var data = Ml.Data.LoadFromEnumerable(Cars);
        var model = Ml.Transforms.Concatenate("Features", Features)
            .Append(Ml.Regression.Trainers.FastTree(
                labelColumnName: nameof(ServingCar.MilesPerGallon),
                numberOfLeaves: 20,
                numberOfTrees: 100,
                minimumExampleCountPerLeaf: 10))
            .Fit(data);
        ZipPath = Path.Combine(Folder, "cars-fasttree.zip");
        Ml.Model.Save(model, data.Schema, ZipPath);
        Reference = Profiler.FromDataView(Ml.Transforms.SelectColumns(Features).Fit(data).Transform(data));

        // A typical row, inside the reference ranges (so input checks pass and nothing is flagged).
        Row = new ServingCar { Horsepower = 110, Weight = 3000, Cylinders = 6 };
    }

    public string Folder { get; }

    public MLContext Ml { get; }

    public IReadOnlyList<ServingCar> Cars { get; }

    public string ZipPath { get; }

    public DatasetProfile Reference { get; }

    public ServingCar Row { get; }

    /// <summary>A raw ML.NET engine on the same <c>.zip</c>: the baseline every served figure is compared with.</summary>
    public PredictionEngine<ServingCar, ServingMpg> CreateRawEngine()
    {
        var ml = new MLContext(seed: 7);
        var transformer = ml.Model.Load(ZipPath, out var schema);
        return ml.Model.CreatePredictionEngine<ServingCar, ServingMpg>(transformer, schema);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private static List<ServingCar> LoadCars()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(FindData("cars.json")));
        return doc.RootElement.EnumerateArray()
            .Select(e => new ServingCar
            {
                MilesPerGallon = Number(e, "Miles_per_Gallon"),
                Horsepower = Number(e, "Horsepower"),
                Weight = Number(e, "Weight_in_lbs"),
                Cylinders = Number(e, "Cylinders"),
            })
            .Where(c => !float.IsNaN(c.MilesPerGallon) && !float.IsNaN(c.Horsepower) && !float.IsNaN(c.Weight) && !float.IsNaN(c.Cylinders))
            .ToList();
    }

    // BenchmarkDotNet runs from a generated folder under artifacts/: walk up to the repository's samples/data.
    private static string FindData(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "data", fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"samples/data/{fileName} not found above {AppContext.BaseDirectory}.");
    }

    private static float Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetSingle() : float.NaN;
}
