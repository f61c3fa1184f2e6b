using Mlops.Artifacts;
using Mlops.Tracking;

namespace Mlops.Storage.Relational;

internal abstract partial class RelationalMlopsStore
{
    /// <inheritdoc />
    public Task LogDatasetInputAsync(string runId, DatasetInput input, CancellationToken cancellationToken = default)
    {
        StoreInput.Id("run id", runId);
        ArgumentNullException.ThrowIfNull(input);
        InputRules.ValidateName("dataset name", input.Name);
        ArtifactDigest.Validate(input.Digest);
        StoreInput.Required("dataset source", input.Source);
        StoreInput.Required("dataset context", input.Context);
        if (input.RowCount is < 0)
        {
            throw new MlopsValidationException("dataset row count", input.RowCount.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "a row count must not be negative.");
        }

        return WriteAsync("logging a dataset input", connection =>
        {
            var runKey = RequireRunKey(connection, runId);
            connection.Command("""
                    INSERT INTO dataset_inputs (run_key, digest, context, name, source, schema_json, row_count)
                    VALUES (@run, @digest, @context, @name, @source, @schema, @rows)
                    ON CONFLICT (run_key, digest, context) DO NOTHING
                    """)
                .With("@run", runKey).With("@digest", input.Digest).With("@context", input.Context).With("@name", input.Name)
                .With("@source", input.Source).With("@schema", input.Schema).With("@rows", input.RowCount)
                .Run();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RunInfo>> FindRunsByDatasetDigestAsync(string digest, CancellationToken cancellationToken = default)
    {
        ArtifactDigest.Validate(digest);
        return ReadAsync<IReadOnlyList<RunInfo>>("finding runs by dataset", connection =>
        {
            using var command = connection.Command($"""
                    SELECT {RunColumns} FROM runs r
                    WHERE r.run_key IN (SELECT d.run_key FROM dataset_inputs d WHERE d.digest = @digest)
                    ORDER BY r.start_time, r.run_id
                    """)
                .With("@digest", digest);
            return ReadRunInfos(command);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task AddRunArtifactAsync(string runId, RunArtifact artifact, CancellationToken cancellationToken = default)
    {
        StoreInput.Id("run id", runId);
        ArgumentNullException.ThrowIfNull(artifact);
        InputRules.ValidateArtifactPath(artifact.Path);
        ArtifactDigest.Validate(artifact.Digest);
        if (artifact.Length < 0)
        {
            throw new MlopsValidationException("artifact length", artifact.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "a length must not be negative.");
        }

        return WriteAsync("adding a run artifact", connection =>
        {
            var runKey = RequireRunKey(connection, runId);
            connection.Command("""
                    INSERT INTO run_artifacts (run_key, path, digest, length) VALUES (@run, @path, @digest, @length)
                    ON CONFLICT (run_key, path) DO UPDATE SET digest = excluded.digest, length = excluded.length
                    """)
                .With("@run", runKey).With("@path", artifact.Path).With("@digest", artifact.Digest).With("@length", artifact.Length)
                .Run();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RunArtifact>> ListRunArtifactsAsync(string runId, string? pathPrefix = null, CancellationToken cancellationToken = default)
    {
        StoreInput.Id("run id", runId);
        var prefix = pathPrefix?.TrimEnd('/');
        return ReadAsync<IReadOnlyList<RunArtifact>>("listing run artifacts", connection =>
        {
            var runKey = RequireRunKey(connection, runId);
            using var command = string.IsNullOrEmpty(prefix)
                ? connection.Command("SELECT path, digest, length FROM run_artifacts WHERE run_key = @run ORDER BY path").With("@run", runKey)
                // Directory semantics as a range on the primary key: the path itself, or anything under "prefix/"
                // ('0' is the character after '/').
                : connection.Command("""
                        SELECT path, digest, length FROM run_artifacts
                        WHERE run_key = @run AND (path = @prefix OR (path >= @from AND path < @to))
                        ORDER BY path
                        """)
                    .With("@run", runKey).With("@prefix", prefix).With("@from", prefix + "/").With("@to", prefix + "0");
            using var reader = command.ExecuteReader();
            var artifacts = new List<RunArtifact>();
            while (reader.Read())
            {
                artifacts.Add(new RunArtifact(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
            }

            return artifacts;
        }, cancellationToken);
    }
}
