using Microsoft.ML;

namespace Mlops.Registry;

/// <summary>
/// Derives <see cref="ModelSignature"/>s from C# input and output types (as ML.NET maps them) and from ML.NET schemas.
/// </summary>
/// <remarks>
/// <para>
/// From a type: public instance properties and fields, in declaration order; <c>[ColumnName]</c> renames a column,
/// <c>[NoColumn]</c> skips it, <c>[VectorType(n)]</c> fixes a vector's size (without it an array is a variable-length
/// vector, size 0), <c>[KeyType]</c> makes a key. <c>float</c> → <c>Single</c>, <c>double</c> → <c>Double</c>, <c>int</c> →
/// <c>Int32</c>, <c>long</c> → <c>Int64</c>, <c>uint</c> → <c>UInt32</c>, <c>bool</c> → <c>Boolean</c>, <c>string</c> →
/// <c>String</c>; <c>T[]</c> and <c>VBuffer&lt;T&gt;</c> are vectors of <c>T</c>. A column is nullable when it is a
/// <c>float</c> or <c>double</c> (NaN means missing), a <c>T?</c> value type, or a <c>string?</c> under nullable annotations.
/// </para>
/// <para>
/// From a schema: the visible columns (hidden ones are skipped) with their item type and vector size; <c>Single</c> and
/// <c>Double</c> columns are nullable. The outputs of a model are the visible columns of its output schema that it does not
/// pass through unchanged from its input.
/// </para>
/// </remarks>
public static class ModelSignatures
{
    /// <summary>The signature of a model that reads <typeparamref name="TIn"/> and produces <typeparamref name="TOut"/>.</summary>
    public static ModelSignature FromTypes<TIn, TOut>() => FromTypes(typeof(TIn), typeof(TOut));

    /// <summary>The signature of a model that reads <paramref name="inputType"/> and produces <paramref name="outputType"/>.</summary>
    public static ModelSignature FromTypes(Type inputType, Type outputType)
    {
        ArgumentNullException.ThrowIfNull(inputType);
        ArgumentNullException.ThrowIfNull(outputType);
        return new ModelSignature(TypeColumns.Of(inputType), TypeColumns.Of(outputType));
    }

    /// <summary>
    /// Checks that a loaded model can be served with these types: every column the model reads is in
    /// <paramref name="inputType"/> with a compatible type and vector size, and every column of <paramref name="outputType"/>
    /// is produced by the model. Throws <see cref="MlopsSchemaMismatchException"/> naming the first column that does not fit.
    /// </summary>
    public static void EnsureFits(LoadedModel model, Type inputType, Type outputType)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputType);
        ArgumentNullException.ThrowIfNull(outputType);
        SchemaFit.Check(model, inputType, outputType);
    }

    /// <summary>The columns ML.NET maps <paramref name="type"/> to.</summary>
    public static IReadOnlyList<SignatureColumn> ColumnsOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return TypeColumns.Of(type);
    }

    /// <summary>The visible columns of <paramref name="schema"/>.</summary>
    public static IReadOnlyList<SignatureColumn> ColumnsOf(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return SchemaColumns.Of(schema);
    }

    /// <summary>
    /// The signature of a model from the schema it reads and the schema it produces (<c>transformer.GetOutputSchema(inputSchema)</c>).
    /// </summary>
    public static ModelSignature FromSchema(DataViewSchema inputSchema, DataViewSchema outputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentNullException.ThrowIfNull(outputSchema);
        var inputs = SchemaColumns.Of(inputSchema);
        var passedThrough = inputs.ToHashSet();
        var outputs = SchemaColumns.Of(outputSchema).Where(c => !passedThrough.Contains(c)).ToList();
        return new ModelSignature(inputs, outputs);
    }

    /// <summary>The signature of a loaded model, from its input and output schemas.</summary>
    public static ModelSignature FromModel(LoadedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return FromSchema(model.InputSchema, model.OutputSchema);
    }
}
