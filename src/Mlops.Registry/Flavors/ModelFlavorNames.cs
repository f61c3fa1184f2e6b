namespace Mlops.Registry;

/// <summary>The names of the model flavors Mlops.Sdk ships.</summary>
public static class ModelFlavorNames
{
    /// <summary>An ML.NET model saved with <c>MLContext.Model.Save</c> (a <c>.zip</c> with its input schema). Built in.</summary>
    public const string MlNet = "mlnet";

    /// <summary>An ONNX model, from Mlops.Registry.Onnx.</summary>
    public const string Onnx = "onnx";
}
