using Microsoft.ML;

namespace Mlops.Registry.Onnx;

/// <summary>
/// Converts fitted ML.NET models to ONNX (Microsoft.ML.OnnxConverter), so a team can register the ONNX version of an ML.NET
/// model under the <c>onnx</c> flavor and serve it with ONNX Runtime.
/// </summary>
public static class OnnxModelExport
{
    /// <summary>
    /// Writes <paramref name="model"/> as an ONNX model to <paramref name="destination"/>.
    /// </summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="model">The fitted model.</param>
    /// <param name="sampleData">Data with the model's input schema (a few rows suffice; the converter reads the schema).</param>
    /// <param name="destination">The stream the ONNX protobuf is written to.</param>
    /// <param name="outputColumns">
    /// The columns to export as outputs (<c>Column.output</c> in the graph), such as <c>["PredictedLabel", "Score"]</c>; by
    /// default every column of the model's output schema. Naming only the scored columns lets the flavor treat inputs they do
    /// not depend on (the label) as optional.
    /// </param>
    /// <exception cref="MlopsValidationException">An output column is not produced by the model, or a transform has no ONNX conversion.</exception>
    public static void Export(MLContext mlContext, ITransformer model, IDataView sampleData, Stream destination, IReadOnlyList<string>? outputColumns = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sampleData);
        ArgumentNullException.ThrowIfNull(destination);
        if (outputColumns is not null)
        {
            var produced = model.GetOutputSchema(sampleData.Schema);
            foreach (var column in outputColumns)
            {
                if (produced.GetColumnOrNull(column) is null)
                {
                    throw new MlopsValidationException("ONNX output column", column,
                        $"the model does not produce it; it produces {string.Join(", ", produced.Where(c => !c.IsHidden).Select(c => c.Name))}.");
                }
            }
        }

        try
        {
            if (outputColumns is null)
            {
                mlContext.Model.ConvertToOnnx(model, sampleData, destination);
            }
            else
            {
                mlContext.Model.ConvertToOnnx(model, sampleData, destination, [.. outputColumns]);
            }
        }
        catch (Exception e) when (e is NotSupportedException or NotImplementedException or InvalidOperationException)
        {
            throw new MlopsValidationException("model", model.GetType().Name, "it cannot be converted to ONNX: " + e.Message);
        }
    }

    /// <summary>
    /// Writes <paramref name="model"/> as an ONNX file at <paramref name="path"/> (replacing it), ready to register.
    /// See <see cref="Export(MLContext, ITransformer, IDataView, Stream, IReadOnlyList{string})"/>.
    /// </summary>
    public static async Task ExportToFileAsync(
        MLContext mlContext, ITransformer model, IDataView sampleData, string path, IReadOnlyList<string>? outputColumns = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var buffer = new MemoryStream();
        Export(mlContext, model, sampleData, buffer, outputColumns);
        buffer.Position = 0;
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            await buffer.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }
}
