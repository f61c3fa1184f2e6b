using Microsoft.ML;

namespace Mlops.Registry;

/// <summary>
/// The built-in <c>mlnet</c> flavor: a model saved by <c>MLContext.Model.Save(model, inputSchema, path)</c>. Its signature
/// is the saved input schema and the schema the model produces from it.
/// </summary>
internal sealed class MlNetModelFlavor : IModelFlavor
{
    public string Name => ModelFlavorNames.MlNet;

    public ValueTask<ModelSignature?> ReadSignatureAsync(MLContext mlContext, string verifiedFilePath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentException.ThrowIfNullOrEmpty(verifiedFilePath);
        var (transformer, inputSchema) = Load(mlContext, verifiedFilePath, cancellationToken);
        try
        {
            return ValueTask.FromResult<ModelSignature?>(ModelSignatures.FromSchema(inputSchema, transformer.GetOutputSchema(inputSchema)));
        }
        finally
        {
            (transformer as IDisposable)?.Dispose();
        }
    }

    public ValueTask<LoadedModel> LoadAsync(MLContext mlContext, ModelVersion version, string verifiedFilePath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentException.ThrowIfNullOrEmpty(verifiedFilePath);
        var (transformer, inputSchema) = Load(mlContext, verifiedFilePath, cancellationToken);
        return ValueTask.FromResult(new LoadedModel(version, mlContext, transformer, inputSchema));
    }

    private static (ITransformer Transformer, DataViewSchema InputSchema) Load(MLContext mlContext, string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ITransformer transformer;
        DataViewSchema? inputSchema;
        try
        {
            transformer = mlContext.Model.Load(path, out inputSchema);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException or IOException or ArgumentException)
        {
            throw new MlopsValidationException("model file", path, "it is not an ML.NET model saved with MLContext.Model.Save: " + e.Message);
        }

        if (inputSchema is null)
        {
            (transformer as IDisposable)?.Dispose();
            throw new MlopsValidationException("model file", path,
                "the ML.NET model was saved without its input schema; save it with MLContext.Model.Save(model, inputSchema, path).");
        }

        return (transformer, inputSchema);
    }
}
