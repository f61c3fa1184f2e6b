using System.Reflection;
using Microsoft.ML.Data;

namespace Mlops.Registry;

/// <summary>Maps a C# type's public properties and fields to signature columns the way ML.NET maps them to a schema.</summary>
internal static class TypeColumns
{
    public const string Single = "Single";
    public const string Double = "Double";
    public const string String = "String";
    public const string Boolean = "Boolean";
    public const string Key = "Key";

    public static List<SignatureColumn> Of(Type type)
    {
        var nullability = new NullabilityInfoContext();
        var columns = new List<SignatureColumn>();
        var members = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.CanRead)
            .OrderBy(p => p.MetadataToken)
            .Cast<MemberInfo>()
            .Concat(type.GetFields(BindingFlags.Public | BindingFlags.Instance).OrderBy(f => f.MetadataToken));
        foreach (var member in members)
        {
            if (member.IsDefined(typeof(NoColumnAttribute), inherit: true))
            {
                continue;
            }

            var (memberType, nullable) = member switch
            {
                PropertyInfo p => (p.PropertyType, nullability.Create(p).ReadState == NullabilityState.Nullable),
                FieldInfo f => (f.FieldType, nullability.Create(f).ReadState == NullabilityState.Nullable),
                _ => throw new InvalidOperationException("Unexpected member kind."),
            };
            columns.Add(Of(member, ColumnName(member), memberType, nullable));
        }

        return columns;
    }

    private static SignatureColumn Of(MemberInfo member, string name, Type type, bool annotatedNullable)
    {
        var isKey = member.IsDefined(typeof(KeyTypeAttribute), inherit: true);
        Type? itemType = null;
        if (type.IsArray && type.GetArrayRank() == 1)
        {
            itemType = type.GetElementType()!;
        }
        else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(VBuffer<>))
        {
            itemType = type.GetGenericArguments()[0];
        }

        if (itemType is not null)
        {
            var (item, _) = ItemType(itemType, isKey);
            return new SignatureColumn(name, item, VectorSize(member), item is Single or Double);
        }

        var (scalar, nullableValue) = ItemType(type, isKey);
        var nullable = scalar is Single or Double || nullableValue || (scalar == String && annotatedNullable);
        return new SignatureColumn(name, scalar, null, nullable);
    }

    private static (string Name, bool NullableValueType) ItemType(Type type, bool isKey)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        var nullableValueType = underlying is not null;
        type = underlying ?? type;
        if (isKey)
        {
            return (Key, nullableValueType);
        }

        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            return (String, nullableValueType);
        }

        return (type.Name, nullableValueType);
    }

    private static string ColumnName(MemberInfo member)
    {
        // ColumnNameAttribute.Name is not public: read the constructor argument.
        var attribute = member.CustomAttributes.FirstOrDefault(a => a.AttributeType == typeof(ColumnNameAttribute));
        return attribute?.ConstructorArguments is [{ Value: string name }] ? name : member.Name;
    }

    private static int VectorSize(MemberInfo member)
    {
        // VectorTypeAttribute's dimensions are not public: read the constructor arguments (none, a size, or dimensions).
        var attribute = member.CustomAttributes.FirstOrDefault(a => a.AttributeType == typeof(VectorTypeAttribute));
        var size = 1;
        var any = false;
        foreach (var argument in attribute?.ConstructorArguments ?? [])
        {
            switch (argument.Value)
            {
                case int dimension:
                    size *= dimension;
                    any = true;
                    break;
                case IEnumerable<CustomAttributeTypedArgument> dimensions:
                    foreach (var dimension in dimensions)
                    {
                        size *= (int)dimension.Value!;
                        any = true;
                    }

                    break;
            }
        }

        return any ? size : 0;
    }
}
