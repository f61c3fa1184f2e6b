using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.Registry.Onnx;

/// <summary>A column a <see cref="ColumnPatchTransformer"/> adds on top of its input (hiding any column of the same name).</summary>
internal abstract class ColumnPatch
{
    protected ColumnPatch(string name, DataViewType type)
    {
        Name = name;
        Type = type;
    }

    public string Name { get; }

    public DataViewType Type { get; }

    /// <summary>Whether the patch applies to this input, and which input column it reads (-1 for none).</summary>
    public abstract bool TryBind(DataViewSchema input, out int sourceIndex);

    /// <summary>A <c>ValueGetter&lt;T&gt;</c> of <see cref="Type"/> reading from <paramref name="input"/>.</summary>
    public abstract Delegate CreateGetter(DataViewRow input, int sourceIndex);
}

/// <summary>Adds an input column the caller did not provide, holding a default: NaN for floats, empty text, else zero.</summary>
internal static class DefaultColumnPatch
{
    public static ColumnPatch Create(string name, DataViewType type)
    {
        var itemType = type is VectorDataViewType vector ? vector.ItemType : type;
        var patchType = (type is VectorDataViewType ? typeof(DefaultVectorPatch<>) : typeof(DefaultScalarPatch<>)).MakeGenericType(itemType.RawType);
        return (ColumnPatch)Activator.CreateInstance(patchType, name, type)!;
    }

    internal static T Missing<T>() =>
        typeof(T) == typeof(float) ? (T)(object)float.NaN
        : typeof(T) == typeof(double) ? (T)(object)double.NaN
        : default!;
}

internal sealed class DefaultScalarPatch<T>(string name, DataViewType type) : ColumnPatch(name, type)
{
    private readonly T _value = DefaultColumnPatch.Missing<T>();

    public override bool TryBind(DataViewSchema input, out int sourceIndex)
    {
        sourceIndex = -1;
        return input.GetColumnOrNull(Name) is null;
    }

    public override Delegate CreateGetter(DataViewRow input, int sourceIndex)
    {
        var value = _value;
        return (ValueGetter<T>)((ref T destination) => destination = value);
    }
}

internal sealed class DefaultVectorPatch<T>(string name, DataViewType type) : ColumnPatch(name, type)
{
    private readonly T[] _values = Enumerable.Repeat(DefaultColumnPatch.Missing<T>(), ((VectorDataViewType)type).Size).ToArray();

    public override bool TryBind(DataViewSchema input, out int sourceIndex)
    {
        sourceIndex = -1;
        return input.GetColumnOrNull(Name) is null;
    }

    public override Delegate CreateGetter(DataViewRow input, int sourceIndex)
    {
        var values = _values;
        return (ValueGetter<VBuffer<T>>)((ref VBuffer<T> destination) => new VBuffer<T>(values.Length, values).CopyTo(ref destination));
    }
}

/// <summary>Turns a one-value vector output (ONNX tensors are at least <c>[1, 1]</c>) into a scalar of the same name.</summary>
internal static class ScalarPatch
{
    public static ColumnPatch Create(string name, DataViewType itemType) =>
        (ColumnPatch)Activator.CreateInstance(typeof(ScalarPatch<>).MakeGenericType(itemType.RawType), name, itemType)!;
}

internal sealed class ScalarPatch<T>(string name, DataViewType itemType) : ColumnPatch(name, itemType)
{
    public override bool TryBind(DataViewSchema input, out int sourceIndex)
    {
        var column = input.GetColumnOrNull(Name);
        sourceIndex = column?.Index ?? -1;
        return column?.Type is VectorDataViewType { Size: 1 } vector && vector.ItemType.Equals(Type);
    }

    public override Delegate CreateGetter(DataViewRow input, int sourceIndex)
    {
        var source = input.GetGetter<VBuffer<T>>(input.Schema[sourceIndex]);
        var buffer = default(VBuffer<T>);
        return (ValueGetter<T>)((ref T destination) =>
        {
            source(ref buffer);
            destination = buffer.GetItemOrDefault(0);
        });
    }
}
