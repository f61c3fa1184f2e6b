using System.Text;

namespace Mlops.Registry.Onnx.Tests;

/// <summary>
/// Writes a small ONNX model byte by byte (protobuf wire format), independent of ML.NET's exporter — standing in for a
/// model from another framework. Graph: <c>y = features · [1, 2, 3] + 0.5</c> (shape [N, 1]) and
/// <c>scaled = features * 2</c> (shape [N, 3]), plus an input <c>note</c> that no output reads.
/// </summary>
public static class TinyOnnx
{
    private const int Float = 1;
    private const int String = 8;

    public static byte[] LinearModel()
    {
        var graph = new Proto()
            .Message(1, Node("MatMul", ["features", "W"], ["xw"]))
            .Message(1, Node("Add", ["xw", "B"], ["y"]))
            .Message(1, Node("Mul", ["features", "Two"], ["scaled"]))
            .String(2, "tiny_linear")
            .Message(5, FloatTensor("W", [3, 1], [1f, 2f, 3f]))
            .Message(5, FloatTensor("B", [1], [0.5f]))
            .Message(5, FloatTensor("Two", [1], [2f]))
            .Message(11, ValueInfo("features", Float, "N", 3))
            .Message(11, ValueInfo("note", String, "N", 1))
            .Message(12, ValueInfo("y", Float, "N", 1))
            .Message(12, ValueInfo("scaled", Float, "N", 3));
        return new Proto()
            .Varint(1, 8) // ir_version
            .String(2, "mlops-tests-handwritten")
            .Message(7, graph)
            .Message(8, new Proto().String(1, "").Varint(2, 13)) // opset_import: default domain, opset 13
            .ToArray();
    }

    private static Proto Node(string op, string[] inputs, string[] outputs)
    {
        var node = new Proto();
        foreach (var input in inputs)
        {
            node.String(1, input);
        }

        foreach (var output in outputs)
        {
            node.String(2, output);
        }

        return node.String(4, op);
    }

    private static Proto FloatTensor(string name, long[] dims, float[] values)
    {
        var tensor = new Proto();
        foreach (var dim in dims)
        {
            tensor.Varint(1, (ulong)dim);
        }

        tensor.Varint(2, Float);
        var raw = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
        return tensor.String(8, name).Bytes(9, raw);
    }

    private static Proto ValueInfo(string name, int elementType, string batch, long size)
    {
        var shape = new Proto()
            .Message(1, new Proto().String(2, batch))
            .Message(1, new Proto().Varint(1, (ulong)size));
        var tensorType = new Proto().Varint(1, (ulong)elementType).Message(2, shape);
        return new Proto().String(1, name).Message(2, new Proto().Message(1, tensorType));
    }

    private sealed class Proto
    {
        private readonly MemoryStream _buffer = new();

        public Proto Varint(int field, ulong value)
        {
            WriteVarint((ulong)(field << 3));
            WriteVarint(value);
            return this;
        }

        public Proto String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public Proto Message(int field, Proto message) => Bytes(field, message.ToArray());

        public Proto Bytes(int field, byte[] value)
        {
            WriteVarint((ulong)((field << 3) | 2));
            WriteVarint((ulong)value.Length);
            _buffer.Write(value);
            return this;
        }

        public byte[] ToArray() => _buffer.ToArray();

        private void WriteVarint(ulong value)
        {
            while (value >= 0x80)
            {
                _buffer.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }

            _buffer.WriteByte((byte)value);
        }
    }
}
