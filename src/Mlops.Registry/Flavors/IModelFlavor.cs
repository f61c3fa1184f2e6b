using Microsoft.ML;

namespace Mlops.Registry;

/// <summary>
/// A model format the registry can register and load: ML.NET <c>.zip</c> (<c>mlnet</c>, built in) or ONNX (<c>onnx</c>,
/// from Mlops.Registry.Onnx). The registry verifies the file's SHA-256 before a flavor ever sees it.
/// </summary>
/// <remarks>
/// The verified file is a private temporary copy that the registry deletes as soon as the call returns: a flavor reads
/// everything it needs during the call. Flavors are registered as <see cref="IModelFlavor"/> services (one per name).
/// </remarks>
public interface IModelFlavor
{
    /// <summary>The flavor name recorded with each version, such as <c>mlnet</c> or <c>onnx</c>.</summary>
    string Name { get; }

    /// <summary>Reads the model's signature from a verified file, or <see langword="null"/> when the format does not carry one.</summary>
    ValueTask<ModelSignature?> ReadSignatureAsync(MLContext mlContext, string verifiedFilePath, CancellationToken cancellationToken = default);

    /// <summary>Loads a verified model file into something Serving can predict with.</summary>
    ValueTask<LoadedModel> LoadAsync(MLContext mlContext, ModelVersion version, string verifiedFilePath, CancellationToken cancellationToken = default);
}
