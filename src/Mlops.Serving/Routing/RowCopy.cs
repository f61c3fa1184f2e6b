using System.Linq.Expressions;
using System.Reflection;

namespace Mlops.Serving.Routing;

/// <summary>
/// Copies a row for the shadow worker: a shallow copy, then a copy of every array the row holds in a field (ML.NET rows
/// keep vectors such as <c>Score</c> in arrays), so that a caller changing its row or its output after
/// <c>Predict</c> returns cannot change what the shadow sees. Compiled once per type.
/// </summary>
internal static class RowCopy<T>
    where T : class
{
    private static readonly Func<object, object> ShallowCopy = typeof(object)
        .GetMethod("MemberwiseClone", BindingFlags.NonPublic | BindingFlags.Instance)!
        .CreateDelegate<Func<object, object>>();

    private static readonly Action<T>? CopyArrays = CompileArrayCopies();

    public static T Copy(T row)
    {
        var copy = (T)ShallowCopy(row);
        CopyArrays?.Invoke(copy);
        return copy;
    }

    private static Action<T>? CompileArrayCopies()
    {
        // Every array-typed instance field, public or not, declared on the type or a base: this covers auto-property
        // backing fields (private or init-only setters too) and plain public fields alike.
        var fields = new List<FieldInfo>();
        for (var type = typeof(T); type is not null && type != typeof(object); type = type.BaseType)
        {
            fields.AddRange(type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(f => f.FieldType.IsArray));
        }

        if (fields.Count == 0)
        {
            return null;
        }

        var row = Expression.Parameter(typeof(T), "row");
        var clone = typeof(object).GetMethod("MemberwiseClone", BindingFlags.NonPublic | BindingFlags.Instance)!;
        var setValue = typeof(FieldInfo).GetMethod(nameof(FieldInfo.SetValue), [typeof(object), typeof(object)])!;
        var copies = fields.Select(field =>
        {
            var access = Expression.Field(row, field);
            var copy = Expression.Call(access, clone);

            // Expression trees cannot assign a readonly field; those (init-only backing fields) go through reflection.
            Expression assign = field.IsInitOnly
                ? Expression.Call(Expression.Constant(field), setValue, row, copy)
                : Expression.Assign(access, Expression.Convert(copy, field.FieldType));
            return (Expression)Expression.IfThen(Expression.NotEqual(access, Expression.Constant(null, field.FieldType)), assign);
        });
        return Expression.Lambda<Action<T>>(Expression.Block(copies), row).Compile();
    }
}
