using System.Text.Json;
using Microsoft.ML.Data;

namespace Mlops.Registry.Tests;

public sealed class SpeciesPrediction
{
    public string PredictedSpecies { get; set; } = "";

    public float[] Score { get; set; } = [];
}

public sealed class SpeciesOnly
{
    public string PredictedSpecies { get; set; } = "";
}

public sealed class MpgPrediction
{
    [ColumnName("Score")]
    public float Mpg { get; set; }
}

public sealed class CarVector
{
    [VectorType(3)]
    public float[] Features { get; set; } = [];

    public float MilesPerGallon { get; set; }
}

