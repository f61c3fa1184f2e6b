using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.Registry.Onnx;

/// <summary>Builds the scoring chain: defaults for absent optional inputs → ONNX Runtime → scalar views of one-value outputs.</summary>
internal static class OnnxScoring
{
    public static ITransformer CreateTransformer(MLContext mlContext, OnnxModelDescription description, byte[] model)
    {
        var defaults = new ColumnPatchTransformer(description.Inputs
            .Where(i => description.OptionalInputs.Contains(i.GraphName))
            .Select(i => DefaultColumnPatch.Create(i.ColumnName, i.ColumnType)));

        // ML.NET's Stream overload writes the bytes to a temp file named by Path.GetRandomFileName(), whose random
        // extension is ".ort" once in ~46,656 loads, and ONNX Runtime then parses the file as an ORT-format flatbuffer
        // ("ORT model verification failed"). Our own copy, always named *.onnx, lives until the model is disposed.
        var file = OwnedModelFile.Write(model);
        try
        {
            var onnx = mlContext.Transforms
                .ApplyOnnxModel(
                    description.Outputs.Select(o => o.GraphName).ToArray(),
                    description.Inputs.Select(i => i.GraphName).ToArray(),
                    file.Path,
                    gpuDeviceId: null,
                    fallbackToCpu: false)
                .Fit(new EmptyDataView(description.AllInputsSchema()));
            var scalars = new ColumnPatchTransformer(
                description.Outputs.Where(o => o.IsScalar).Select(o => ScalarPatch.Create(o.ColumnName, o.ItemType)),
                owned: file);
            return new TransformerChain<ITransformer>(defaults, onnx, scalars);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
