using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mlops.Registry.Onnx;

/// <summary>A row of a <see cref="PatchBinding"/>: the input row's columns plus the patched ones.</summary>
internal sealed class PatchedRow : DataViewRow
{
    private readonly DataViewRow _input;
    private readonly PatchBinding _binding;
    private readonly Delegate?[] _getters;

    public PatchedRow(DataViewRow input, PatchBinding binding, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        _input = input;
        _binding = binding;
        _getters = binding.CreateGetters(input, activeColumns);
    }

    public override long Position => _input.Position;

    public override long Batch => _input.Batch;

    public override DataViewSchema Schema => _binding.OutputSchema;

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _binding.GetGetter<TValue>(_input, _getters, column);

    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) => _binding.IsColumnActive(_input, _getters, column);
}

/// <summary>A cursor of a <see cref="PatchedDataView"/>.</summary>
internal sealed class PatchedCursor : DataViewRowCursor
{
    private readonly DataViewRowCursor _input;
    private readonly PatchBinding _binding;
    private readonly Delegate?[] _getters;

    public PatchedCursor(DataViewRowCursor input, PatchBinding binding, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        _input = input;
        _binding = binding;
        _getters = binding.CreateGetters(input, activeColumns);
    }

    public override long Position => _input.Position;

    public override long Batch => _input.Batch;

    public override DataViewSchema Schema => _binding.OutputSchema;

    public override bool MoveNext() => _input.MoveNext();

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _binding.GetGetter<TValue>(_input, _getters, column);

    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) => _binding.IsColumnActive(_input, _getters, column);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _input.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>The data view <see cref="ColumnPatchTransformer.Transform"/> returns.</summary>
internal sealed class PatchedDataView(IDataView input, PatchBinding binding) : IDataView
{
    public bool CanShuffle => input.CanShuffle;

    public DataViewSchema Schema => binding.OutputSchema;

    public long? GetRowCount() => input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToList();
        return new PatchedCursor(input.GetRowCursor(binding.GetDependencies(needed), rand), binding, needed);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
    {
        var needed = columnsNeeded.ToList();
        return input.GetRowCursorSet(binding.GetDependencies(needed), n, rand).Select(c => (DataViewRowCursor)new PatchedCursor(c, binding, needed)).ToArray();
    }
}

/// <summary>A data view with a schema and no rows: what the ONNX scoring estimator is fitted on.</summary>
internal sealed class EmptyDataView(DataViewSchema schema) : IDataView
{
    public bool CanShuffle => true;

    public DataViewSchema Schema => schema;

    public long? GetRowCount() => 0;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new EmptyCursor(schema);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new EmptyCursor(schema)];

    private sealed class EmptyCursor(DataViewSchema schema) : DataViewRowCursor
    {
        public override long Position => -1;

        public override long Batch => 0;

        public override DataViewSchema Schema => schema;

        public override bool MoveNext() => false;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
            throw new InvalidOperationException("An empty data view has no rows to read.");

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            throw new InvalidOperationException("An empty data view has no rows to read.");

        public override bool IsColumnActive(DataViewSchema.Column column) => false;
    }
}
