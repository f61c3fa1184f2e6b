using System.Text.Json;
using Microsoft.ML.Data;

namespace Mlops.Registry.Onnx.Tests;

/// <summary>What a serving caller sends: the features, no label.</summary>
public sealed class PenguinFeatures
{
    public float BeakLength { get; set; }

    public float BeakDepth { get; set; }

    public float FlipperLength { get; set; }

    public float BodyMass { get; set; }

    /// <summary>The four measurements of a penguin row, as the scoring-only ONNX model takes them.</summary>
    public static PenguinFeatures From(Penguin penguin) => new()
    {
        BeakLength = penguin.BeakLength,
        BeakDepth = penguin.BeakDepth,
        FlipperLength = penguin.FlipperLength,
        BodyMass = penguin.BodyMass,
    };
}

/// <summary>The output class written for the ML.NET model; the ONNX model binds it unchanged.</summary>
public sealed class SpeciesPrediction
{
    public string PredictedSpecies { get; set; } = "";

    public uint PredictedLabel { get; set; }

    public float[] Score { get; set; } = [];
}

public sealed class MpgPrediction
{
    public float Score { get; set; }
}

