namespace Mlops.Registry.Onnx;

/// <summary>
/// Which graph inputs each graph output depends on, read from the ONNX protobuf (<c>ModelProto.graph</c>: nodes with their
/// input and output value names). Used to find inputs that no scored output needs, such as the label column of a model
/// exported from ML.NET with the label mapping in its pipeline.
/// </summary>
internal sealed class OnnxGraphDependencies
{
    private const int ModelGraphField = 7;
    private const int GraphNodeField = 1;
    private const int NodeInputField = 1;
    private const int NodeOutputField = 2;
    private const int NodeAttributeField = 5;
    private const int AttributeGraphField = 6;
    private const int AttributeGraphsField = 11;

    private readonly Dictionary<string, List<string>> _producerInputs;
    private readonly bool _hasSubgraphs;

    private OnnxGraphDependencies(Dictionary<string, List<string>> producerInputs, bool hasSubgraphs)
    {
        _producerInputs = producerInputs;
        _hasSubgraphs = hasSubgraphs;
    }

    /// <summary>Parses the graph of an ONNX model; throws <see cref="FormatException"/> when the bytes are not one.</summary>
    public static OnnxGraphDependencies Parse(ReadOnlySpan<byte> model)
    {
        var reader = new ProtoReader(model);
        var graph = ReadOnlySpan<byte>.Empty;
        var found = false;
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == ModelGraphField && wireType == ProtoReader.LengthDelimited)
            {
                graph = reader.ReadLengthDelimited();
                found = true;
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        if (!found)
        {
            throw new FormatException("the data holds no ONNX graph (ModelProto field 7).");
        }

        var producers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var hasSubgraphs = false;
        var graphReader = new ProtoReader(graph);
        while (graphReader.TryReadTag(out var field, out var wireType))
        {
            if (field == GraphNodeField && wireType == ProtoReader.LengthDelimited)
            {
                hasSubgraphs |= ReadNode(graphReader.ReadLengthDelimited(), producers);
            }
            else
            {
                graphReader.Skip(wireType);
            }
        }

        return new OnnxGraphDependencies(producers, hasSubgraphs);
    }

    /// <summary>
    /// The names among <paramref name="graphInputs"/> that <paramref name="outputs"/> depend on. When the graph has control
    /// flow with subgraphs (which may read outer values implicitly), every input counts as needed.
    /// </summary>
    public HashSet<string> InputsNeededBy(IEnumerable<string> outputs, IReadOnlyCollection<string> graphInputs)
    {
        if (_hasSubgraphs)
        {
            return graphInputs.ToHashSet(StringComparer.Ordinal);
        }

        var inputs = graphInputs.ToHashSet(StringComparer.Ordinal);
        var needed = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(outputs);
        while (pending.TryPop(out var value))
        {
            if (!seen.Add(value))
            {
                continue;
            }

            if (inputs.Contains(value))
            {
                needed.Add(value);
            }

            if (_producerInputs.TryGetValue(value, out var sources))
            {
                foreach (var source in sources)
                {
                    pending.Push(source);
                }
            }
        }

        return needed;
    }

    private static bool ReadNode(ReadOnlySpan<byte> node, Dictionary<string, List<string>> producers)
    {
        var reader = new ProtoReader(node);
        var inputs = new List<string>();
        var outputs = new List<string>();
        var hasSubgraph = false;
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (wireType != ProtoReader.LengthDelimited)
            {
                reader.Skip(wireType);
                continue;
            }

            switch (field)
            {
                case NodeInputField:
                    inputs.Add(reader.ReadString());
                    break;
                case NodeOutputField:
                    outputs.Add(reader.ReadString());
                    break;
                case NodeAttributeField:
                    hasSubgraph |= HasSubgraph(reader.ReadLengthDelimited());
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        // Optional inputs are given as empty names.
        inputs.RemoveAll(string.IsNullOrEmpty);
        foreach (var output in outputs)
        {
            producers[output] = inputs;
        }

        return hasSubgraph;
    }

    private static bool HasSubgraph(ReadOnlySpan<byte> attribute)
    {
        var reader = new ProtoReader(attribute);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field is AttributeGraphField or AttributeGraphsField)
            {
                return true;
            }

            reader.Skip(wireType);
        }

        return false;
    }
}
