namespace Mlops.FleetNode;

/// <summary>The penguin species model's answer (the output columns of the models Mlops.Fleet.Tests registers).</summary>
public sealed class SpeciesPrediction
{
    public string PredictedSpecies { get; set; } = "";

    public float[] Score { get; set; } = [];
}
