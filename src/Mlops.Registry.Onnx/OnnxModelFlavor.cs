using Microsoft.ML;

namespace Mlops.Registry.Onnx;

/// <summary>
/// The <c>onnx</c> flavor: loads any <c>.onnx</c> file into an ML.NET <see cref="ITransformer"/> scored by ONNX Runtime
/// (through <c>ApplyOnnxModel</c>), so <see cref="LoadedModel.CreatePredictionEngine{TIn, TOut}"/> works as it does for
/// ML.NET models. Register it with <c>AddOnnxFlavor()</c>; export ML.NET models with <see cref="OnnxModelExport"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Inputs</b> are the graph inputs, named as in the graph. A per-row shape of one value (such as <c>[-1, 1]</c>, the
/// shape ML.NET exports) is a scalar column, so <c>float BeakLength</c> binds; larger shapes are vectors (<c>float[]</c>
/// with <c>[VectorType(n)]</c>). An input that none of the outputs depends on, such as the label of an ML.NET model exported
/// with its label mapping, is optional: when <c>TIn</c> lacks it, it is fed NaN, empty text or zero, and the signature marks
/// it nullable. Missing values are NaN, as in ML.NET (map JSON nulls to <see cref="float.NaN"/>).
/// </para>
/// <para>
/// <b>Outputs</b> are the graph's tensor outputs of numeric, Boolean or string element type. ML.NET exports name them
/// <c>Column.output</c>; the columns are named <c>Column</c>. An output with one value per row (<c>[-1, 1]</c>) is a scalar
/// column; others are vectors. So the output class written for the ML.NET model binds unchanged: <c>string
/// PredictedSpecies</c> (a mapped label), <c>uint PredictedLabel</c> (the key, 1-based), <c>float[] Score</c> (per class),
/// <c>float Score</c> (regression), <c>bool PredictedLabel</c> with <c>float Probability</c> (binary). Sequence and map
/// outputs (scikit-learn's <c>output_probability</c>) are not offered.
/// </para>
/// </remarks>
public sealed class OnnxModelFlavor : IModelFlavor
{
    /// <inheritdoc />
    public string Name => ModelFlavorNames.Onnx;

    /// <inheritdoc />
    public async ValueTask<ModelSignature?> ReadSignatureAsync(MLContext mlContext, string verifiedFilePath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentException.ThrowIfNullOrEmpty(verifiedFilePath);
        var bytes = await File.ReadAllBytesAsync(verifiedFilePath, cancellationToken).ConfigureAwait(false);
        return OnnxModelDescription.Read(bytes, verifiedFilePath).Signature();
    }

    /// <inheritdoc />
    public async ValueTask<LoadedModel> LoadAsync(MLContext mlContext, ModelVersion version, string verifiedFilePath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentException.ThrowIfNullOrEmpty(verifiedFilePath);

        // Read once: the bytes the registry verified are the bytes both ONNX Runtime sessions see.
        var bytes = await File.ReadAllBytesAsync(verifiedFilePath, cancellationToken).ConfigureAwait(false);
        var description = OnnxModelDescription.Read(bytes, verifiedFilePath);
        cancellationToken.ThrowIfCancellationRequested();
        var transformer = OnnxScoring.CreateTransformer(mlContext, description, bytes);
        return new LoadedModel(version, mlContext, transformer, description.RequiredInputsSchema());
    }
}
