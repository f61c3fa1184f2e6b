using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.Registry.Onnx;

/// <summary>The patches of a <see cref="ColumnPatchTransformer"/> bound to one input schema: input columns keep their indices, patches follow.</summary>
internal sealed class PatchBinding : IRowToRowMapper
{
    public PatchBinding(DataViewSchema inputSchema, IReadOnlyList<(ColumnPatch Patch, int Source)> patches)
    {
        InputSchema = inputSchema;
        Patches = patches;
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        foreach (var (patch, _) in patches)
        {
            builder.AddColumn(patch.Name, patch.Type);
        }

        OutputSchema = builder.ToSchema();
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public IReadOnlyList<(ColumnPatch Patch, int Source)> Patches { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        ArgumentNullException.ThrowIfNull(dependingColumns);
        var indices = new SortedSet<int>();
        foreach (var column in dependingColumns)
        {
            if (column.Index < InputSchema.Count)
            {
                indices.Add(column.Index);
            }
            else if (Patches[column.Index - InputSchema.Count].Source is var source and >= 0)
            {
                indices.Add(source);
            }
        }

        return indices.Select(i => InputSchema[i]).ToList();
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(activeColumns);
        return new PatchedRow(input, this, activeColumns);
    }

    /// <summary>Getters of the active patches, by output column index minus the input column count.</summary>
    public Delegate?[] CreateGetters(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        var getters = new Delegate?[Patches.Count];
        foreach (var column in activeColumns)
        {
            var slot = column.Index - InputSchema.Count;
            if (slot >= 0 && getters[slot] is null)
            {
                var (patch, source) = Patches[slot];
                getters[slot] = patch.CreateGetter(input, source);
            }
        }

        return getters;
    }

    /// <summary>An input column is active when the input row says so; a patched column when its getter was created.</summary>
    public bool IsColumnActive(DataViewRow input, Delegate?[] getters, DataViewSchema.Column column) =>
        column.Index < InputSchema.Count
            ? input.IsColumnActive(input.Schema[column.Index])
            : getters[column.Index - InputSchema.Count] is not null;

    public ValueGetter<T> GetGetter<T>(DataViewRow input, Delegate?[] getters, DataViewSchema.Column column)
    {
        if (column.Index < InputSchema.Count)
        {
            return input.GetGetter<T>(input.Schema[column.Index]);
        }

        return getters[column.Index - InputSchema.Count] switch
        {
            ValueGetter<T> getter => getter,
            null => throw new InvalidOperationException($"Column '{column.Name}' is not active."),
            _ => throw new InvalidOperationException($"Column '{column.Name}' is of type {column.Type}, not {typeof(T).Name}."),
        };
    }
}
