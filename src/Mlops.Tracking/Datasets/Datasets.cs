using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.Tracking;

/// <summary>Describes datasets for <see cref="RunScope.LogDatasetAsync"/>: content digest, schema and row count.</summary>
public static class Datasets
{
    /// <summary>Describes a file by the SHA-256 of its bytes (streamed, not loaded whole).</summary>
    /// <param name="path">The file.</param>
    /// <param name="name">A name; the file name without extension when null.</param>
    /// <param name="context">How the run uses it.</param>
    /// <param name="schema">An optional schema description (JSON).</param>
    /// <param name="rowCount">The row count, when known.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    public static async Task<DatasetInput> FromFileAsync(string path, string? name = null, string context = "training", string? schema = null, long? rowCount = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new MlopsNotFoundException("dataset file", path);
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        byte[] hash;
        await using (stream.ConfigureAwait(false))
        {
            hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        return new DatasetInput(name ?? Path.GetFileNameWithoutExtension(path), Convert.ToHexStringLower(hash), Path.GetFullPath(path), schema, rowCount, context);
    }

    /// <summary>
    /// Describes an ML.NET <see cref="IDataView"/>: the digest covers the schema and every value of every row in a
    /// canonical binary form, so equal data gives the same digest whatever file or loader it came from.
    /// </summary>
    /// <param name="data">The data.</param>
    /// <param name="name">A name.</param>
    /// <param name="source">Where it came from.</param>
    /// <param name="context">How the run uses it.</param>
    public static DatasetInput FromDataView(IDataView data, string name, string source, string context = "training")
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(source);
        var columns = data.Schema.Where(c => !c.IsHidden).ToArray();
        var schema = DescribeSchema(columns);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(schema));
        long rows = 0;
        using (var cursor = data.GetRowCursor(columns))
        {
            var writers = columns.Select(c => ValueHasher.Create(cursor, c)).ToArray();
            while (cursor.MoveNext())
            {
                rows++;
                foreach (var write in writers)
                {
                    write(hash);
                }
            }
        }

        return new DatasetInput(name, Convert.ToHexStringLower(hash.GetHashAndReset()), source, schema, rows, context);
    }

    internal static string DescribeSchema(IEnumerable<DataViewSchema.Column> columns)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var column in columns)
            {
                writer.WriteStartObject();
                writer.WriteString("name", column.Name);
                writer.WriteString("type", column.Type.ToString());
                if (column.Type is VectorDataViewType vector)
                {
                    writer.WriteNumber("size", vector.Size);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
