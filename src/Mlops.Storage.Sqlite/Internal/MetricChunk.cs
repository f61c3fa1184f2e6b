using System.Buffers.Binary;
using Mlops.Tracking;

namespace Mlops.Storage.Sqlite.Internal;

/// <summary>
/// The blob format of a <c>metric_chunks</c> row: a format byte (1), then per point, in append order, the step (int64),
/// the Unix-millisecond timestamp (int64) and the IEEE 754 bits of the value (int64), all little-endian. Storing the
/// bits keeps NaN and infinities exact.
/// </summary>
internal static class MetricChunk
{
    /// <summary>At most this many points per row: 48 KiB blobs stay off the large-object heap and split cheaply.</summary>
    public const int MaxPoints = 2048;

    private const byte FormatVersion = 1;
    private const int PointSize = 3 * sizeof(long);

    public static byte[] Encode(ReadOnlySpan<MetricPoint> points, ReadOnlySpan<int> indexes)
    {
        var blob = new byte[1 + indexes.Length * PointSize];
        blob[0] = FormatVersion;
        var offset = 1;
        foreach (var index in indexes)
        {
            ref readonly var point = ref points[index];
            BinaryPrimitives.WriteInt64LittleEndian(blob.AsSpan(offset), point.Step);
            BinaryPrimitives.WriteInt64LittleEndian(blob.AsSpan(offset + 8), point.TimestampMs);
            BinaryPrimitives.WriteInt64LittleEndian(blob.AsSpan(offset + 16), BitConverter.DoubleToInt64Bits(point.Value));
            offset += PointSize;
        }

        return blob;
    }

    public static void Decode(string key, ReadOnlySpan<byte> blob, List<Metric> into)
    {
        if (blob.Length < 1 || blob[0] != FormatVersion || (blob.Length - 1) % PointSize != 0)
        {
            throw new MlopsStorageException($"A stored chunk of metric '{key}' is not in a format this version understands.");
        }

        for (var offset = 1; offset < blob.Length; offset += PointSize)
        {
            into.Add(new Metric(
                key,
                BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(blob[(offset + 16)..])),
                BinaryPrimitives.ReadInt64LittleEndian(blob[offset..]),
                DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(blob[(offset + 8)..]))));
        }
    }
}
