using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Mlops.Registry.Onnx;

namespace Mlops.Benchmarks;

public sealed class RegistryPenguin
{
    public string Species { get; set; } = "";

    public float BeakLength { get; set; }

    public float BeakDepth { get; set; }

    public float FlipperLength { get; set; }

    public float BodyMass { get; set; }
}

/// <summary>
/// The penguins model (SdcaMaximumEntropy, 4 numeric features, mean imputation, min-max) trained on samples/data, saved
/// as an ML.NET <c>.zip</c> and exported as <c>.onnx</c> into a temporary folder.
/// </summary>
internal sealed class RegistryBenchmarkModels : IDisposable
{
    public RegistryBenchmarkModels()
    {
        Folder = Directory.CreateTempSubdirectory("mlops-bench-models-").FullName;
        Ml = new MLContext(seed: 7);
        var data = Ml.Data.LoadFromEnumerable(LoadPenguins());
        string[] features = [nameof(RegistryPenguin.BeakLength), nameof(RegistryPenguin.BeakDepth), nameof(RegistryPenguin.FlipperLength), nameof(RegistryPenguin.BodyMass)];
        var model = Ml.Transforms.Conversion.MapValueToKey("Label", nameof(RegistryPenguin.Species))
            .Append(Ml.Transforms.ReplaceMissingValues(features.Select(f => new InputOutputColumnPair(f)).ToArray()))
            .Append(Ml.Transforms.Concatenate("Features", features))
            .Append(Ml.Transforms.NormalizeMinMax("Features"))
            .Append(Ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Append(Ml.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel"))
            .Fit(data);
        ZipPath = Path.Combine(Folder, "penguins.zip");
        Ml.Model.Save(model, data.Schema, ZipPath);
        OnnxPath = Path.Combine(Folder, "penguins.onnx");
        using var stream = File.Create(OnnxPath);
        OnnxModelExport.Export(Ml, model, data, stream);
    }

    public string Folder { get; }

    public MLContext Ml { get; }

    public string ZipPath { get; }

    public string OnnxPath { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private static List<RegistryPenguin> LoadPenguins()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(FindData("penguins.json")));
        return doc.RootElement.EnumerateArray().Select(e => new RegistryPenguin
        {
            Species = e.GetProperty("Species").GetString()!,
            BeakLength = Number(e, "Beak Length (mm)"),
            BeakDepth = Number(e, "Beak Depth (mm)"),
            FlipperLength = Number(e, "Flipper Length (mm)"),
            BodyMass = Number(e, "Body Mass (g)"),
        }).ToList();
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
