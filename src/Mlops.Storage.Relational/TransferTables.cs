using System.Data.Common;

namespace Mlops.Storage.Relational;

/// <summary>
/// The tables a whole-store copy moves, in dependency order (a row's references are copied before it), with the columns
/// in transfer order and the key that orders the rows. Shared by both engines, whose schemas mirror each other; a test
/// compares this list with each engine's catalog, so a migration that adds a table or a column fails until it is added here.
/// </summary>
internal static class TransferTables
{
    /// <summary>One table: what is copied and how its rows are ordered (and, where the engine numbers rows, which column).</summary>
    internal sealed record Definition(StoreTable Table, string OrderBy, string? IdentityColumn)
    {
        public string Name => Table.Name;

        public string ColumnList => string.Join(", ", Table.Columns);
    }

    public static IReadOnlyList<Definition> All { get; } =
    [
        Define("experiments", "experiment_id", null, "experiment_id", "name", "created_at", "created_by"),
        Define("runs", "run_key", "run_key",
            "run_key", "run_id", "experiment_id", "run_name", "parent_run_id", "status", "start_time", "end_time", "user_name", "error"),
        Define("params", "run_key, key", null, "run_key", "key", "value"),
        Define("tags", "run_key, key", null, "run_key", "key", "value"),
        Define("metric_chunks", "chunk_id", "chunk_id", "chunk_id", "run_key", "key", "points"),
        Define("latest_metrics", "run_key, key", null, "run_key", "key", "step", "ts", "value"),
        Define("dataset_inputs", "input_id", "input_id",
            "input_id", "run_key", "digest", "context", "name", "source", "schema_json", "row_count"),
        Define("run_artifacts", "run_key, path", null, "run_key", "path", "digest", "length"),
        Define("registered_models", "model_key", "model_key",
            "model_key", "name", "description", "created_at", "updated_at", "created_by", "latest_version"),
        Define("model_tags", "model_key, key", null, "model_key", "key", "value"),
        Define("model_versions", "version_key", "version_key",
            "version_key", "model_key", "version", "flavor", "artifact_digest", "artifact_length", "signature_json", "run_id", "source",
            "description", "status", "created_at", "created_by"),
        Define("model_version_tags", "version_key, key", null, "version_key", "key", "value"),
        Define("model_aliases", "model_key, alias", null, "model_key", "alias", "version"),
        Define("governance_records", "kind, id", null, "kind", "id", "revision", "json", "updated_at", "updated_by"),
        Define("inference_records", "sequence", "sequence",
            "sequence", "ts", "model_name", "version", "model_digest", "variant", "input", "input_hash", "output", "trace_id"),
        Define("journal", "sequence", null, "sequence", "ts", "kind", "subject", "actor", "payload", "previous_hash", "hash"),
        Define("journal_head", "id", null, "id", "sequence", "hash"),
    ];

    /// <summary>The definition of <paramref name="table"/> if its name and columns are exactly this schema's; otherwise throws.</summary>
    public static Definition Match(StoreTable table, string provider)
    {
        foreach (var definition in All)
        {
            if (!string.Equals(definition.Name, table.Name, StringComparison.Ordinal))
            {
                continue;
            }

            if (!definition.Table.Columns.SequenceEqual(table.Columns, StringComparer.Ordinal))
            {
                throw new MlopsStorageException(
                    $"Cannot import table '{table.Name}' into the {provider} store: it comes with columns ({string.Join(", ", table.Columns)}) "
                    + $"but this schema has ({definition.ColumnList}). Nothing was imported.");
            }

            return definition;
        }

        throw new MlopsStorageException(
            $"Cannot import table '{table.Name}' into the {provider} store: this schema has no such table. Nothing was imported.");
    }

    /// <summary>Reads every table on <paramref name="connection"/> (inside the caller's snapshot transaction) into <paramref name="sink"/>.</summary>
    public static void Export(DbConnection connection, IStoreRowSink sink, CancellationToken cancellationToken)
    {
        foreach (var definition in All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sink.BeginTable(definition.Table);
            using (var command = connection.CreateCommand())
            {
                command.CommandText = $"SELECT {definition.ColumnList} FROM {definition.Name} ORDER BY {definition.OrderBy}";
                using var reader = command.ExecuteReader();
                var values = new object?[reader.FieldCount];
                while (reader.Read())
                {
                    for (var i = 0; i < values.Length; i++)
                    {
                        values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    }

                    sink.WriteRow(values);
                }
            }

            sink.EndTable();
        }
    }

    private static Definition Define(string name, string orderBy, string? identity, params string[] columns) =>
        new(new StoreTable(name, columns), orderBy, identity);
}
