using Microsoft.ML;

namespace Mlops.Registry;

/// <summary>
/// Checks declared input and output types against a loaded model: every column the model reads must be in the input type
/// with a compatible type and vector size, and every column of the output type must be produced by the model.
/// </summary>
internal static class SchemaFit
{
    /// <summary>Throws <see cref="MlopsSchemaMismatchException"/> naming the first column that does not fit.</summary>
    public static void Check(LoadedModel model, Type? inputType, Type? outputType)
    {
        if (inputType is not null)
        {
            CheckInputs(model, inputType);
        }

        if (outputType is not null)
        {
            CheckOutputs(model, outputType);
        }
    }

    private static void CheckInputs(LoadedModel model, Type inputType)
    {
        var declared = TypeColumns.Of(inputType).ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var column in model.InputSchema)
        {
            if (column.IsHidden)
            {
                continue;
            }

            var expected = SchemaColumns.Of(column.Name, column.Type);
            if (!declared.TryGetValue(column.Name, out var actual))
            {
                // A column saved with the model only because it was in the training data (a regression label, say) is
                // not needed to predict: the model still produces its outputs without it.
                if (IsRequired(model, column.Name))
                {
                    throw new MlopsSchemaMismatchException(column.Name,
                        $"the model reads it ({Describe(expected)}) but {inputType.Name} has no such column.");
                }

                continue;
            }

            if (!string.Equals(actual.Type, expected.Type, StringComparison.Ordinal))
            {
                throw new MlopsSchemaMismatchException(column.Name,
                    $"the model reads {Describe(expected)} but {inputType.Name} declares {Describe(actual)}.");
            }

            var shapeFits = expected.VectorSize switch
            {
                null => actual.VectorSize is null,
                0 => actual.VectorSize is not null,
                _ => actual.VectorSize == expected.VectorSize,
            };
            if (!shapeFits)
            {
                throw new MlopsSchemaMismatchException(column.Name,
                    $"the model reads {Describe(expected)} but {inputType.Name} declares {Describe(actual)}" +
                    (expected.VectorSize > 0 && actual.VectorSize is not null ? $"; declare [VectorType({expected.VectorSize})]." : "."));
            }
        }
    }

    private static void CheckOutputs(LoadedModel model, Type outputType)
    {
        var produced = model.OutputSchema;
        foreach (var wanted in TypeColumns.Of(outputType))
        {
            var column = produced.GetColumnOrNull(wanted.Name);
            if (column is null || column.Value.IsHidden)
            {
                throw new MlopsSchemaMismatchException(wanted.Name,
                    $"{outputType.Name} reads it but the model does not produce it.");
            }

            var actual = SchemaColumns.Of(wanted.Name, column.Value.Type);

            // ML.NET hands a key column to a uint member.
            var typeFits = string.Equals(actual.Type, wanted.Type, StringComparison.Ordinal)
                || (actual.Type == TypeColumns.Key && wanted.Type == nameof(UInt32));
            var shapeFits = wanted.VectorSize switch
            {
                null => actual.VectorSize is null,
                0 => actual.VectorSize is not null,
                _ => actual.VectorSize == wanted.VectorSize,
            };
            if (!typeFits || !shapeFits)
            {
                throw new MlopsSchemaMismatchException(wanted.Name,
                    $"the model produces {Describe(actual)} but {outputType.Name} declares {Describe(wanted)}.");
            }
        }
    }

    private static bool IsRequired(LoadedModel model, string columnName)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var column in model.InputSchema)
        {
            if (!column.IsHidden && column.Name != columnName)
            {
                builder.AddColumn(column.Name, column.Type, column.Annotations);
            }
        }

        try
        {
            _ = model.Transformer.GetOutputSchema(builder.ToSchema());
            return false;
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException or ArgumentException)
        {
            return true;
        }
    }

    private static string Describe(SignatureColumn column) => column.VectorSize switch
    {
        null => column.Type,
        0 => $"a variable-length vector of {column.Type}",
        _ => $"a vector of {column.VectorSize} {column.Type}",
    };
}
