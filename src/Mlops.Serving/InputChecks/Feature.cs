using System.Linq.Expressions;
using System.Reflection;
using Microsoft.ML.Data;

namespace Mlops.Serving;

/// <summary>A scalar input column of <typeparamref name="TIn"/> with a compiled getter: numbers (NaN for missing) or text.</summary>
internal sealed class Feature<TIn>
{
    private static readonly Type[] NumericTypes =
        [typeof(float), typeof(double), typeof(int), typeof(long), typeof(uint), typeof(short), typeof(byte), typeof(bool)];

    private Feature(string name, Func<TIn, double>? number, Func<TIn, string?>? text)
    {
        Name = name;
        Number = number;
        Text = text;
    }

    /// <summary>The column name (<c>[ColumnName]</c> or the member name), as in the reference profile.</summary>
    public string Name { get; }

    public Func<TIn, double>? Number { get; }

    public Func<TIn, string?>? Text { get; }

    public bool IsNumeric => Number is not null;

    /// <summary>The scalar columns of <typeparamref name="TIn"/> (vectors and other types are not checked or monitored).</summary>
    public static IReadOnlyList<Feature<TIn>> All { get; } = Discover();

    private static List<Feature<TIn>> Discover()
    {
        var features = new List<Feature<TIn>>();
        var members = typeof(TIn).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.CanRead)
            .OrderBy(p => p.MetadataToken)
            .Select(p => (Member: (MemberInfo)p, Type: p.PropertyType))
            .Concat(typeof(TIn).GetFields(BindingFlags.Public | BindingFlags.Instance).OrderBy(f => f.MetadataToken).Select(f => (Member: (MemberInfo)f, Type: f.FieldType)));
        foreach (var (member, type) in members)
        {
            if (member.IsDefined(typeof(NoColumnAttribute), inherit: true))
            {
                continue;
            }

            var name = member.CustomAttributes.FirstOrDefault(a => a.AttributeType == typeof(ColumnNameAttribute))?.ConstructorArguments is [{ Value: string n }] ? n : member.Name;
            var row = Expression.Parameter(typeof(TIn), "row");
            var access = Expression.MakeMemberAccess(row, member);
            var underlying = Nullable.GetUnderlyingType(type);
            if (type == typeof(string))
            {
                features.Add(new Feature<TIn>(name, null, Expression.Lambda<Func<TIn, string?>>(access, row).Compile()));
            }
            else if (NumericTypes.Contains(underlying ?? type))
            {
                features.Add(new Feature<TIn>(name, Expression.Lambda<Func<TIn, double>>(ToDouble(access, type, underlying), row).Compile(), null));
            }
        }

        return features;
    }

    private static Expression ToDouble(Expression value, Type type, Type? underlying)
    {
        if (underlying is not null)
        {
            // null → NaN (missing), else the value.
            return Expression.Condition(
                Expression.Property(value, "HasValue"),
                ToDouble(Expression.Property(value, "Value"), underlying, null),
                Expression.Constant(double.NaN));
        }

        return type == typeof(bool)
            ? Expression.Condition(value, Expression.Constant(1.0), Expression.Constant(0.0))
            : Expression.Convert(value, typeof(double));
    }
}
