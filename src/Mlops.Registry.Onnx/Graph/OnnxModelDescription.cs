using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Mlops.Registry.Onnx;

/// <summary>
/// What an ONNX model reads and produces, from ONNX Runtime's metadata (names, element types, shapes) and the graph's
/// dependencies: the inputs (required ones first-class, the rest fed a default when absent) and the outputs ML.NET can read.
/// </summary>
internal sealed class OnnxModelDescription
{
    private OnnxModelDescription(IReadOnlyList<OnnxColumn> inputs, IReadOnlySet<string> optionalInputs, IReadOnlyList<OnnxColumn> outputs, string? producer)
    {
        Inputs = inputs;
        OptionalInputs = optionalInputs;
        Outputs = outputs;
        Producer = producer;
    }

    /// <summary>Every graph input, in graph order.</summary>
    public IReadOnlyList<OnnxColumn> Inputs { get; }

    /// <summary>Graph inputs no exposed output depends on (such as an ML.NET export's label): fed a default when missing.</summary>
    public IReadOnlySet<string> OptionalInputs { get; }

    /// <summary>The outputs scored: tensors of a type ML.NET reads, without ML.NET's bookkeeping outputs.</summary>
    public IReadOnlyList<OnnxColumn> Outputs { get; }

    /// <summary>The producer recorded in the model, such as <c>ML.NET</c>.</summary>
    public string? Producer { get; }

    /// <summary>The inputs a caller must provide.</summary>
    public IEnumerable<OnnxColumn> RequiredInputs => Inputs.Where(i => !OptionalInputs.Contains(i.GraphName));

    /// <summary>Reads a model's description; throws <see cref="MlopsValidationException"/> when the bytes are not an ONNX model.</summary>
    public static OnnxModelDescription Read(byte[] model, string path)
    {
        OnnxGraphDependencies graph;
        try
        {
            graph = OnnxGraphDependencies.Parse(model);
        }
        catch (FormatException e)
        {
            throw NotOnnx(path, e.Message);
        }

        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
        };
        InferenceSession session;
        try
        {
            session = new InferenceSession(model, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw NotOnnx(path, e.Message);
        }

        using (session)
        {
            var inputs = session.InputMetadata.Select(m => Input(m.Key, m.Value)).ToList();
            var outputs = session.OutputMetadata.Where(m => IsScorable(m.Key, m.Value)).Select(m => Output(m.Key, m.Value)).ToList();
            if (outputs.Count == 0)
            {
                throw new MlopsValidationException("ONNX model", path,
                    "it has no output ML.NET can read (a tensor of a numeric, Boolean or string element type).");
            }

            var needed = graph.InputsNeededBy(outputs.Select(o => o.GraphName), inputs.Select(i => i.GraphName).ToList());
            var optional = inputs.Select(i => i.GraphName).Where(n => !needed.Contains(n)).ToHashSet(StringComparer.Ordinal);
            return new OnnxModelDescription(inputs, optional, outputs, session.ModelMetadata.ProducerName);
        }
    }

    /// <summary>The schema of all graph inputs, which the ONNX scoring transformer is fitted on.</summary>
    public DataViewSchema AllInputsSchema() => Schema(Inputs);

    /// <summary>The schema a caller's input must have: the required inputs.</summary>
    public DataViewSchema RequiredInputsSchema() => Schema(RequiredInputs);

    /// <summary>The signature: every input (optional ones nullable) and every scored output as the loaded model produces it.</summary>
    public ModelSignature Signature()
    {
        var inputs = ModelSignatures.ColumnsOf(Schema(Inputs))
            .Select(c => OptionalInputs.Contains(c.Name) ? c with { Nullable = true } : c)
            .ToList();
        return new ModelSignature(inputs, ModelSignatures.ColumnsOf(Schema(Outputs)));
    }

    private static DataViewSchema Schema(IEnumerable<OnnxColumn> columns)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var column in columns)
        {
            builder.AddColumn(column.ColumnName, column.ColumnType);
        }

        return builder.ToSchema();
    }

    private static OnnxColumn Input(string name, NodeMetadata metadata)
    {
        var itemType = metadata.OnnxValueType == OnnxValueType.ONNX_TYPE_TENSOR ? ItemType(metadata.ElementDataType) : null;
        if (itemType is null)
        {
            throw new MlopsSchemaMismatchException(name, metadata.OnnxValueType == OnnxValueType.ONNX_TYPE_TENSOR
                ? $"the ONNX input's element type {metadata.ElementDataType} has no ML.NET column type."
                : $"the ONNX input is a {metadata.OnnxValueType}; only tensor inputs can be fed from ML.NET columns.");
        }

        return new OnnxColumn(name, name, itemType, OnnxColumn.RowShape(metadata.Dimensions));
    }

    private static OnnxColumn Output(string name, NodeMetadata metadata) =>
        new(name, OnnxColumn.OutputColumnName(name), ItemType(metadata.ElementDataType)!, OnnxColumn.RowShape(metadata.Dimensions));

    // ML.NET's exporter adds outputs such as "mlnet.Score.unusedOutput" that its own OnnxTransformer does not offer.
    private static bool IsScorable(string name, NodeMetadata metadata) =>
        metadata.OnnxValueType == OnnxValueType.ONNX_TYPE_TENSOR
        && ItemType(metadata.ElementDataType) is not null
        && !(name.StartsWith("mlnet.", StringComparison.Ordinal) && name.EndsWith(".unusedOutput", StringComparison.Ordinal));

    private static DataViewType? ItemType(TensorElementType type) => type switch
    {
        TensorElementType.Float => NumberDataViewType.Single,
        TensorElementType.Double => NumberDataViewType.Double,
        TensorElementType.Int8 => NumberDataViewType.SByte,
        TensorElementType.UInt8 => NumberDataViewType.Byte,
        TensorElementType.Int16 => NumberDataViewType.Int16,
        TensorElementType.UInt16 => NumberDataViewType.UInt16,
        TensorElementType.Int32 => NumberDataViewType.Int32,
        TensorElementType.UInt32 => NumberDataViewType.UInt32,
        TensorElementType.Int64 => NumberDataViewType.Int64,
        TensorElementType.UInt64 => NumberDataViewType.UInt64,
        TensorElementType.Bool => BooleanDataViewType.Instance,
        TensorElementType.String => TextDataViewType.Instance,
        _ => null,
    };

    private static MlopsValidationException NotOnnx(string path, string reason) =>
        new("ONNX model file", path, "it is not a readable ONNX model: " + reason.Trim());
}
