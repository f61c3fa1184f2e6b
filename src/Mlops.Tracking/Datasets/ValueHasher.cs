using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.Tracking;

/// <summary>Feeds one column's current value into a hash in a canonical binary form (little-endian numbers, UTF-8 text with length).</summary>
internal static class ValueHasher
{
    public static Action<IncrementalHash> Create(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var type = column.Type;
        if (type is VectorDataViewType vector)
        {
            return vector.ItemType.RawType switch
            {
                var t when t == typeof(float) => Vector<float>(cursor, column, static (h, v) => Write(h, BitConverter.SingleToInt32Bits(v))),
                var t when t == typeof(double) => Vector<double>(cursor, column, static (h, v) => Write(h, BitConverter.DoubleToInt64Bits(v))),
                var t when t == typeof(int) => Vector<int>(cursor, column, static (h, v) => Write(h, v)),
                var t when t == typeof(long) => Vector<long>(cursor, column, static (h, v) => Write(h, v)),
                var t when t == typeof(uint) => Vector<uint>(cursor, column, static (h, v) => Write(h, (long)v)),
                var t when t == typeof(bool) => Vector<bool>(cursor, column, static (h, v) => Write(h, v ? 1 : 0)),
                var t when t == typeof(ReadOnlyMemory<char>) => Vector<ReadOnlyMemory<char>>(cursor, column, WriteText),
                _ => Unsupported(column),
            };
        }

        return type.RawType switch
        {
            var t when t == typeof(float) => Scalar<float>(cursor, column, static (h, v) => Write(h, BitConverter.SingleToInt32Bits(v))),
            var t when t == typeof(double) => Scalar<double>(cursor, column, static (h, v) => Write(h, BitConverter.DoubleToInt64Bits(v))),
            var t when t == typeof(int) => Scalar<int>(cursor, column, static (h, v) => Write(h, v)),
            var t when t == typeof(long) => Scalar<long>(cursor, column, static (h, v) => Write(h, v)),
            var t when t == typeof(uint) => Scalar<uint>(cursor, column, static (h, v) => Write(h, (long)v)),
            var t when t == typeof(bool) => Scalar<bool>(cursor, column, static (h, v) => Write(h, v ? 1 : 0)),
            var t when t == typeof(ReadOnlyMemory<char>) => Scalar<ReadOnlyMemory<char>>(cursor, column, WriteText),
            var t when t == typeof(DateTime) => Scalar<DateTime>(cursor, column, static (h, v) => Write(h, v.Ticks)),
            _ => Unsupported(column),
        };
    }

    private static Action<IncrementalHash> Scalar<T>(DataViewRowCursor cursor, DataViewSchema.Column column, Action<IncrementalHash, T> write)
    {
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        return hash =>
        {
            getter(ref value);
            write(hash, value);
        };
    }

    private static Action<IncrementalHash> Vector<T>(DataViewRowCursor cursor, DataViewSchema.Column column, Action<IncrementalHash, T> write)
    {
        var getter = cursor.GetGetter<VBuffer<T>>(column);
        VBuffer<T> value = default;
        return hash =>
        {
            getter(ref value);
            Write(hash, value.Length);
            foreach (var item in value.DenseValues())
            {
                write(hash, item);
            }
        };
    }

    private static Action<IncrementalHash> Unsupported(DataViewSchema.Column column) =>
        throw new MlopsValidationException("dataset column", column.Name, $"its type {column.Type} cannot be digested; select supported columns (numbers, booleans, text, vectors of those).");

    private static void WriteText(IncrementalHash hash, ReadOnlyMemory<char> text)
    {
        var bytes = Encoding.UTF8.GetBytes(text.ToArray());
        Write(hash, bytes.Length);
        hash.AppendData(bytes);
    }

    private static void Write(IncrementalHash hash, int value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, value);
        hash.AppendData(buffer);
    }

    private static void Write(IncrementalHash hash, long value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(buffer, value);
        hash.AppendData(buffer);
    }
}
