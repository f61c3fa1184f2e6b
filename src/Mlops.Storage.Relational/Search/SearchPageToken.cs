using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Mlops.Search;

namespace Mlops.Storage.Relational.Search;

/// <summary>
/// Opaque page tokens: base64url of a version byte, the offset of the next page and a fingerprint of the request
/// (what is searched, filter, ordering), so that a token only continues the search it came from.
/// </summary>
internal static class SearchPageToken
{
    private const byte FormatVersion = 1;
    private const int FingerprintLength = 16;
    private const int TokenLength = 1 + sizeof(long) + FingerprintLength;
    private const string Field = "page token";

    /// <summary>Hashes what identifies a run search; the page size is left out so a caller may change it between pages.</summary>
    public static byte[] Fingerprint(RunSearchRequest request)
    {
        var canonical = new StringBuilder();
        canonical.Append("experiments");
        foreach (var id in request.ExperimentIds)
        {
            AppendString(canonical, id);
        }

        return Fingerprint(canonical, request.Filter, request.OrderBy);
    }

    /// <summary>Hashes what identifies a registered-model search; a run search's token never matches it.</summary>
    public static byte[] Fingerprint(ModelSearchRequest request)
    {
        var canonical = new StringBuilder();
        canonical.Append("models");
        return Fingerprint(canonical, request.Filter, request.OrderBy);
    }

    private static byte[] Fingerprint(StringBuilder canonical, FilterExpression? filter, IReadOnlyList<OrderByTerm>? orderBy)
    {
        canonical.Append("|filter");
        AppendFilter(canonical, filter);
        canonical.Append("|order");
        foreach (var term in orderBy ?? [])
        {
            AppendField(canonical, term.Field);
            canonical.Append(term.Descending ? 'D' : 'A');
        }

        return SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString()))[..FingerprintLength];
    }

    public static string Encode(long offset, ReadOnlySpan<byte> fingerprint)
    {
        Span<byte> bytes = stackalloc byte[TokenLength];
        bytes[0] = FormatVersion;
        BinaryPrimitives.WriteInt64LittleEndian(bytes[1..], offset);
        fingerprint[..FingerprintLength].CopyTo(bytes[(1 + sizeof(long))..]);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Returns the offset a token points at, or throws <see cref="MlopsValidationException"/> (field <c>page token</c>).</summary>
    public static long Decode(string token, ReadOnlySpan<byte> fingerprint)
    {
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            throw new MlopsValidationException(Field, token, "the token is malformed; pass the NextPageToken of a previous page unchanged.");
        }

        if (bytes.Length != TokenLength || bytes[0] != FormatVersion)
        {
            throw new MlopsValidationException(Field, token, "the token is malformed; pass the NextPageToken of a previous page unchanged.");
        }

        if (!bytes.AsSpan(1 + sizeof(long)).SequenceEqual(fingerprint[..FingerprintLength]))
        {
            throw new MlopsValidationException(Field, token,
                "the token belongs to another search (different entity, experiments, filter or ordering).");
        }

        var offset = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(1));
        return offset >= 0
            ? offset
            : throw new MlopsValidationException(Field, token, "the token is malformed; pass the NextPageToken of a previous page unchanged.");
    }

    private static void AppendFilter(StringBuilder canonical, FilterExpression? filter)
    {
        switch (filter)
        {
            case null:
                canonical.Append('-');
                break;
            case AndExpression and:
                canonical.Append("(and");
                AppendFilter(canonical, and.Left);
                AppendFilter(canonical, and.Right);
                canonical.Append(')');
                break;
            case OrExpression or:
                canonical.Append("(or");
                AppendFilter(canonical, or.Left);
                AppendFilter(canonical, or.Right);
                canonical.Append(')');
                break;
            case ComparisonExpression comparison:
                canonical.Append("(cmp");
                AppendField(canonical, comparison.Field);
                canonical.Append(((int)comparison.Operator).ToString(CultureInfo.InvariantCulture));
                AppendValue(canonical, comparison.Value);
                canonical.Append(')');
                break;
            default:
                canonical.Append(filter.GetType().Name);
                break;
        }
    }

    private static void AppendField(StringBuilder canonical, SearchField? field)
    {
        canonical.Append(field is null ? "?" : ((int)field.Entity).ToString(CultureInfo.InvariantCulture));
        AppendString(canonical, field?.Key);
    }

    private static void AppendValue(StringBuilder canonical, object? value)
    {
        switch (value)
        {
            case double d:
                canonical.Append('d').Append(BitConverter.DoubleToInt64Bits(d).ToString("x16", CultureInfo.InvariantCulture));
                break;
            case string s:
                canonical.Append('s');
                AppendString(canonical, s);
                break;
            default:
                canonical.Append('o');
                AppendString(canonical, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    // Length-prefixed, so that no choice of keys or values can make two different requests read the same.
    private static void AppendString(StringBuilder canonical, string? value) =>
        canonical.Append('[').Append((value?.Length ?? -1).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append(']');
}
