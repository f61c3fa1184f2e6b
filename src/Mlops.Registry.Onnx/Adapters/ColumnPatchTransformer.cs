using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.Registry.Onnx;

/// <summary>
/// A small row-to-row transformer that adds columns on top of its input: defaults for optional ONNX inputs the caller
/// lacks, and scalar views of one-value ONNX outputs. It works with prediction engines and <see cref="Transform"/>; it is
/// rebuilt from the <c>.onnx</c> file at every load, so it is not saved.
/// </summary>
internal sealed class ColumnPatchTransformer : ITransformer, IDisposable
{
    private readonly IReadOnlyList<ColumnPatch> _patches;
    private readonly IDisposable? _owned;

    /// <summary>Creates the transformer; <paramref name="owned"/> is disposed with it (the chain disposes its transformers).</summary>
    public ColumnPatchTransformer(IEnumerable<ColumnPatch> patches, IDisposable? owned = null)
    {
        _patches = patches.ToList();
        _owned = owned;
    }

    public bool IsRowToRowMapper => true;

    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return Bind(inputSchema).OutputSchema;
    }

    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return Bind(inputSchema);
    }

    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new PatchedDataView(input, Bind(input.Schema));
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("A model loaded by the ONNX flavor is not saved as ML.NET; keep and register the .onnx file instead.");

    public void Dispose() => _owned?.Dispose();

    private PatchBinding Bind(DataViewSchema input)
    {
        var bound = new List<(ColumnPatch, int)>();
        foreach (var patch in _patches)
        {
            if (patch.TryBind(input, out var source))
            {
                bound.Add((patch, source));
            }
        }

        return new PatchBinding(input, bound);
    }
}
