using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using Microsoft.ML.Data;

namespace Mlops.AspNetCore.Binding;

/// <summary>
/// One column of a row type as ML.NET maps it (public instance properties and fields in declaration order,
/// <c>[ColumnName]</c> renames, <c>[NoColumn]</c> skips), with a compiled setter that reads a JSON value and a compiled
/// writer that writes the member as JSON.
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
internal sealed class RowColumn<T>
{
    private RowColumn(string name, Type type, Action<T, JsonElement>? set, Action<Utf8JsonWriter, T>? write, bool required)
    {
        Name = name;
        Type = type;
        Set = set;
        Write = write;
        Required = required;
    }

    /// <summary>The column name (what JSON calls it).</summary>
    public string Name { get; }

    /// <summary>The member's type.</summary>
    public Type Type { get; }

    /// <summary>Sets the member from a JSON value, or throws <see cref="MlopsValidationException"/> naming the column.</summary>
    public Action<T, JsonElement>? Set { get; }

    /// <summary>Writes the member's value (the property name is written by the caller).</summary>
    public Action<Utf8JsonWriter, T>? Write { get; }

    /// <summary>A value must be given: the type has no "missing" (NaN for reals, null for strings, arrays and nullables).</summary>
    public bool Required { get; }

    /// <summary>The columns of <typeparamref name="T"/>, for reading (settable members) or writing (readable members).</summary>
    public static IReadOnlyList<RowColumn<T>> Discover(bool forInput)
    {
        var members = typeof(T).GetMembers(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m is FieldInfo || (m is PropertyInfo property && property.GetIndexParameters().Length == 0))
            .Where(m => m.GetCustomAttribute<NoColumnAttribute>() is null)
            .OrderBy(m => m.MetadataToken)
            .ToList();
        var columns = new List<RowColumn<T>>();
        foreach (var member in members)
        {
            var type = member is PropertyInfo p ? p.PropertyType : ((FieldInfo)member).FieldType;
            var name = member.GetCustomAttribute<ColumnNameAttribute>() is { } renamed ? ColumnNameOf(renamed, member.Name) : member.Name;
            if (forInput)
            {
                if (member is PropertyInfo { CanWrite: false } or FieldInfo { IsInitOnly: true })
                {
                    continue;
                }

                var convert = JsonValues.ReaderFor(type) ?? throw Unsupported(name, type);
                columns.Add(new RowColumn<T>(name, type, BuildSetter(member, type, convert, name), null, !JsonValues.HasMissing(type)));
            }
            else
            {
                if (member is PropertyInfo { CanRead: false })
                {
                    continue;
                }

                var write = JsonValues.WriterFor(type) ?? throw Unsupported(name, type);
                columns.Add(new RowColumn<T>(name, type, null, BuildWriter(member, type, write), false));
            }
        }

        return columns;
    }

    private static string ColumnNameOf(ColumnNameAttribute attribute, string fallback) =>
        typeof(ColumnNameAttribute).GetProperty("Name", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)?.GetValue(attribute) as string
        ?? fallback;

    private static InvalidOperationException Unsupported(string name, Type type) => new(
        $"Column '{name}' of {typeof(T).Name} is a {type.Name}: over HTTP a column is a number (float, double, int, long, uint, short, "
        + "byte), bool, string, a nullable of those, or an array of those.");

    // (row, element) => row.Member = convert(element, "name")
    private static Action<T, JsonElement> BuildSetter(MemberInfo member, Type type, Delegate convert, string name)
    {
        var row = Expression.Parameter(typeof(T), "row");
        var element = Expression.Parameter(typeof(JsonElement), "element");
        var value = Expression.Invoke(Expression.Constant(convert), element, Expression.Constant(name));
        var assign = Expression.Assign(Expression.PropertyOrField(row, member.Name), Expression.Convert(value, type));
        return Expression.Lambda<Action<T, JsonElement>>(assign, row, element).Compile();
    }

    // (writer, row) => write(writer, row.Member)
    private static Action<Utf8JsonWriter, T> BuildWriter(MemberInfo member, Type type, Delegate write)
    {
        var writer = Expression.Parameter(typeof(Utf8JsonWriter), "writer");
        var row = Expression.Parameter(typeof(T), "row");
        var body = Expression.Invoke(Expression.Constant(write), writer, Expression.Convert(Expression.PropertyOrField(row, member.Name), type));
        return Expression.Lambda<Action<Utf8JsonWriter, T>>(body, writer, row).Compile();
    }
}

/// <summary>JSON readers and writers for the column types HTTP carries.</summary>
internal static class JsonValues
{
    private static readonly Dictionary<Type, Delegate> Readers = new()
    {
        [typeof(float)] = (Func<JsonElement, string, float>)((e, n) => e.ValueKind == JsonValueKind.Null ? float.NaN : (float)Number(e, n)),
        [typeof(double)] = (Func<JsonElement, string, double>)((e, n) => e.ValueKind == JsonValueKind.Null ? double.NaN : Number(e, n)),
        [typeof(int)] = (Func<JsonElement, string, int>)((e, n) => (int)Integer(e, n, int.MinValue, int.MaxValue, "a 32-bit integer")),
        [typeof(long)] = (Func<JsonElement, string, long>)((e, n) => Integer(e, n, long.MinValue, long.MaxValue, "a 64-bit integer")),
        [typeof(uint)] = (Func<JsonElement, string, uint>)((e, n) => (uint)Integer(e, n, 0, uint.MaxValue, "an unsigned 32-bit integer")),
        [typeof(short)] = (Func<JsonElement, string, short>)((e, n) => (short)Integer(e, n, short.MinValue, short.MaxValue, "a 16-bit integer")),
        [typeof(byte)] = (Func<JsonElement, string, byte>)((e, n) => (byte)Integer(e, n, byte.MinValue, byte.MaxValue, "a byte (0-255)")),
        [typeof(bool)] = (Func<JsonElement, string, bool>)((e, n) => e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid(n, e, "must be true or false."),
        }),
        [typeof(string)] = (Func<JsonElement, string, string?>)((e, n) => e.ValueKind switch
        {
            JsonValueKind.String => e.GetString(),
            JsonValueKind.Null => null,
            _ => throw Invalid(n, e, "must be a string."),
        }),
    };

    private static readonly Dictionary<Type, Delegate> Writers = new()
    {
        // A float is written in its own shortest form (0.98807424), not widened to double (0.9880742430686951).
        [typeof(float)] = (Action<Utf8JsonWriter, float>)((w, v) =>
        {
            if (float.IsFinite(v))
            {
                w.WriteNumberValue(v);
            }
            else
            {
                w.WriteNullValue();
            }
        }),
        [typeof(double)] = (Action<Utf8JsonWriter, double>)WriteReal,
        [typeof(int)] = (Action<Utf8JsonWriter, int>)((w, v) => w.WriteNumberValue(v)),
        [typeof(long)] = (Action<Utf8JsonWriter, long>)((w, v) => w.WriteNumberValue(v)),
        [typeof(uint)] = (Action<Utf8JsonWriter, uint>)((w, v) => w.WriteNumberValue(v)),
        [typeof(short)] = (Action<Utf8JsonWriter, short>)((w, v) => w.WriteNumberValue(v)),
        [typeof(byte)] = (Action<Utf8JsonWriter, byte>)((w, v) => w.WriteNumberValue(v)),
        [typeof(bool)] = (Action<Utf8JsonWriter, bool>)((w, v) => w.WriteBooleanValue(v)),
        [typeof(string)] = (Action<Utf8JsonWriter, string?>)((w, v) =>
        {
            if (v is null)
            {
                w.WriteNullValue();
            }
            else
            {
                w.WriteStringValue(v);
            }
        }),
    };

    /// <summary>Whether a column of <paramref name="type"/> may be left out (it has a "missing" value).</summary>
    public static bool HasMissing(Type type) =>
        type == typeof(float) || type == typeof(double) || type == typeof(string) || type.IsArray || Nullable.GetUnderlyingType(type) is not null;

    /// <summary>A <c>Func&lt;JsonElement, string, TMember&gt;</c> for <paramref name="type"/>, or null when unsupported.</summary>
    public static Delegate? ReaderFor(Type type)
    {
        if (Readers.TryGetValue(type, out var reader))
        {
            return reader;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying && Readers.TryGetValue(underlying, out var inner))
        {
            return typeof(JsonValues).GetMethod(nameof(NullableReader), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(underlying).Invoke(null, [inner]) as Delegate;
        }

        if (type.IsArray && type.GetArrayRank() == 1 && Readers.TryGetValue(type.GetElementType()!, out var item))
        {
            return typeof(JsonValues).GetMethod(nameof(ArrayReader), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(type.GetElementType()!).Invoke(null, [item]) as Delegate;
        }

        return null;
    }

    /// <summary>An <c>Action&lt;Utf8JsonWriter, TMember&gt;</c> for <paramref name="type"/>, or null when unsupported.</summary>
    public static Delegate? WriterFor(Type type)
    {
        if (Writers.TryGetValue(type, out var writer))
        {
            return writer;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying && Writers.TryGetValue(underlying, out var inner))
        {
            return typeof(JsonValues).GetMethod(nameof(NullableWriter), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(underlying).Invoke(null, [inner]) as Delegate;
        }

        if (type.IsArray && type.GetArrayRank() == 1 && Writers.TryGetValue(type.GetElementType()!, out var item))
        {
            return typeof(JsonValues).GetMethod(nameof(ArrayWriter), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(type.GetElementType()!).Invoke(null, [item]) as Delegate;
        }

        return null;
    }

    /// <summary>A validation error naming the column, the value and the rule.</summary>
    public static MlopsValidationException Invalid(string column, JsonElement value, string rule) =>
        new(column, Shorten(value.GetRawText()), rule);

    private static Func<JsonElement, string, TItem?> NullableReader<TItem>(Func<JsonElement, string, TItem> inner)
        where TItem : struct =>
        (e, n) => e.ValueKind == JsonValueKind.Null ? null : inner(e, n);

    private static Func<JsonElement, string, TItem[]?> ArrayReader<TItem>(Func<JsonElement, string, TItem> item) => (e, n) =>
    {
        if (e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(n, e, "must be an array.");
        }

        var result = new TItem[e.GetArrayLength()];
        var i = 0;
        foreach (var value in e.EnumerateArray())
        {
            result[i] = item(value, n + "[" + i.ToString(CultureInfo.InvariantCulture) + "]");
            i++;
        }

        return result;
    };

    private static Action<Utf8JsonWriter, TItem?> NullableWriter<TItem>(Action<Utf8JsonWriter, TItem> inner)
        where TItem : struct => (w, v) =>
    {
        if (v is { } value)
        {
            inner(w, value);
        }
        else
        {
            w.WriteNullValue();
        }
    };

    private static Action<Utf8JsonWriter, TItem[]?> ArrayWriter<TItem>(Action<Utf8JsonWriter, TItem> item) => (w, v) =>
    {
        if (v is null)
        {
            w.WriteNullValue();
            return;
        }

        w.WriteStartArray();
        foreach (var value in v)
        {
            item(w, value);
        }

        w.WriteEndArray();
    };

    // JSON has no NaN or infinity: they are written as null (what pandas' to_json does too).
    private static void WriteReal(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static double Number(JsonElement e, string column)
    {
        if (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var value))
        {
            return value;
        }

        throw Invalid(column, e, "must be a number (or null for a missing value).");
    }

    private static long Integer(JsonElement e, string column, long min, long max, string what)
    {
        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var value) && value >= min && value <= max)
        {
            return value;
        }

        throw Invalid(column, e, $"must be {what}.");
    }

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
