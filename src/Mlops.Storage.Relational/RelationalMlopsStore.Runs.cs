using System.Data.Common;
using Mlops.Journal;
using Mlops.Tracking;

namespace Mlops.Storage.Relational;

internal abstract partial class RelationalMlopsStore
{
    /// <inheritdoc />
    public Task CreateRunAsync(NewRun run, JournalDraft journal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        StoreInput.Id("run id", run.RunId);
        StoreInput.Id("experiment id", run.ExperimentId);
        InputRules.ValidateName("run name", run.RunName);
        StoreInput.Required("user", run.User);
        if (run.ParentRunId is not null)
        {
            StoreInput.Id("parent run", run.ParentRunId);
        }

        var tags = run.Tags ?? new Dictionary<string, string>();
        ValidateTags(tags);
        StoreInput.Draft(journal);

        return WriteAsync("creating a run", connection =>
        {
            if (!ExperimentExists(connection, run.ExperimentId))
            {
                throw new MlopsNotFoundException("experiment", run.ExperimentId);
            }

            if (run.ParentRunId is not null)
            {
                var parentExperiment = connection.Command("SELECT experiment_id FROM runs WHERE run_id = @id").With("@id", run.ParentRunId).Scalar() as string
                    ?? throw new MlopsNotFoundException("run", run.ParentRunId);
                if (!string.Equals(parentExperiment, run.ExperimentId, StringComparison.Ordinal))
                {
                    throw new MlopsValidationException("parent run", run.ParentRunId,
                        $"the parent run belongs to experiment '{parentExperiment}', but the new run is in experiment '{run.ExperimentId}'; a parent must be in the same experiment.");
                }
            }

            if (FindRunKey(connection, run.RunId) is not null)
            {
                throw new MlopsConflictException($"Cannot create run '{run.RunId}': a run with this id already exists.");
            }

            var runKey = (long)connection.Command("""
                    INSERT INTO runs (run_id, experiment_id, run_name, parent_run_id, status, start_time, end_time, user_name, error)
                    VALUES (@id, @experiment, @name, @parent, 'RUNNING', @start, NULL, @user, NULL)
                    RETURNING run_key
                    """)
                .With("@id", run.RunId).With("@experiment", run.ExperimentId).With("@name", run.RunName).With("@parent", run.ParentRunId)
                .With("@start", run.StartTime.ToUnixTimeMilliseconds()).With("@user", run.User)
                .Scalar()!;
            UpsertTags(connection, runKey, tags);
            AppendJournal(connection, journal);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Run?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        StoreInput.Id("run id", runId);
        return ReadAsync("reading a run", connection =>
        {
            var runKey = FindRunKey(connection, runId);
            return runKey is null ? null : LoadRuns(connection, [runKey.Value]).FirstOrDefault();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RunInfo>> GetChildRunsAsync(string parentRunId, CancellationToken cancellationToken = default)
    {
        StoreInput.Id("parent run", parentRunId);
        return ReadAsync<IReadOnlyList<RunInfo>>("listing child runs", connection =>
        {
            RequireRunKey(connection, parentRunId);
            using var command = connection.Command($"SELECT {RunColumns} FROM runs r WHERE r.parent_run_id = @parent ORDER BY r.start_time, r.run_id")
                .With("@parent", parentRunId);
            return ReadRunInfos(command);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task EndRunAsync(string runId, RunStatus status, DateTimeOffset endTime, string? error, JournalDraft journal, CancellationToken cancellationToken = default)
    {
        StoreInput.Id("run id", runId);
        if (status == RunStatus.Running)
        {
            throw new MlopsValidationException("status", "RUNNING", "a run ends as FINISHED, FAILED or KILLED, not RUNNING.");
        }

        var statusText = RunStatusText.ToText(status);
        StoreInput.Draft(journal);

        return WriteAsync("ending a run", connection =>
        {
            var current = connection.Command("SELECT status FROM runs WHERE run_id = @id").With("@id", runId).Scalar() as string
                ?? throw new MlopsNotFoundException("run", runId);
            if (current != "RUNNING")
            {
                throw new MlopsConflictException($"Cannot end run '{runId}' as {statusText}: it already ended with status {current}.");
            }

            connection.Command("UPDATE runs SET status = @status, end_time = @end, error = @error WHERE run_id = @id")
                .With("@status", statusText).With("@end", endTime.ToUnixTimeMilliseconds()).With("@error", error).With("@id", runId)
                .Run();
            AppendJournal(connection, journal);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task LogParamsAsync(string runId, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken = default)
    {
        StoreInput.Id("run id", runId);
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var (key, value) in parameters)
        {
            InputRules.ValidateKey("param key", key);
            InputRules.ValidateParamValue(key, value);
        }

        return WriteAsync("logging params", connection =>
        {
            var runKey = RequireRunKey(connection, runId);
            using var select = connection.Command("SELECT value FROM params WHERE run_key = @run AND key = @key");
            var selectKey = select.AddParameter("@key", string.Empty);
            select.AddParameter("@run", runKey);
            using var insert = connection.Command("INSERT INTO params (run_key, key, value) VALUES (@run, @key, @value)");
            insert.AddParameter("@run", runKey);
            var insertKey = insert.AddParameter("@key", string.Empty);
            var insertValue = insert.AddParameter("@value", string.Empty);
            foreach (var (key, value) in parameters)
            {
                selectKey.Value = key;
                var stored = select.ExecuteScalar();
                if (stored is string existing)
                {
                    if (!string.Equals(existing, value, StringComparison.Ordinal))
                    {
                        // Throwing rolls back the params of this batch that were already inserted.
                        throw new MlopsConflictException(
                            $"Cannot log param '{key}' of run '{runId}' as '{value}': it was already logged as '{existing}', and params are immutable.");
                    }

                    continue;
                }

                insertKey.Value = key;
                insertValue.Value = value;
                insert.ExecuteNonQuery();
            }
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task SetTagsAsync(string runId, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        StoreInput.Id("run id", runId);
        ArgumentNullException.ThrowIfNull(tags);
        ValidateTags(tags);
        return WriteAsync("setting tags", connection => UpsertTags(connection, RequireRunKey(connection, runId), tags), cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken = default)
    {
        StoreInput.Id("run id", runId);
        InputRules.ValidateKey("tag key", key);
        return WriteAsync("deleting a tag", connection =>
        {
            var runKey = RequireRunKey(connection, runId);
            connection.Command("DELETE FROM tags WHERE run_key = @run AND key = @key").With("@run", runKey).With("@key", key).Run();
        }, cancellationToken);
    }

    private static void ValidateTags(IReadOnlyDictionary<string, string> tags)
    {
        foreach (var (key, value) in tags)
        {
            InputRules.ValidateKey("tag key", key);
            InputRules.ValidateTagValue(key, value);
        }
    }

    private static void UpsertTags(DbConnection connection, long runKey, IReadOnlyDictionary<string, string> tags) =>
        UpsertKeyedTags(connection, "tags", "run_key", runKey, tags);

    /// <summary>The integer key of a run, from the cache or the database; <see langword="null"/> when the run does not exist.</summary>
    private long? FindRunKey(DbConnection connection, string runId)
    {
        if (_runKeys.TryGetValue(runId, out var cached))
        {
            return cached;
        }

        if (connection.Command("SELECT run_key FROM runs WHERE run_id = @id").With("@id", runId).Scalar() is not long runKey)
        {
            return null;
        }

        // Only rows that existed before this transaction are visible here unless this transaction inserted them, and
        // CreateRunAsync does not go through this path after inserting, so a rolled-back run is never cached.
        _runKeys.TryAdd(runId, runKey);
        return runKey;
    }

    private long RequireRunKey(DbConnection connection, string runId) =>
        FindRunKey(connection, runId) ?? throw new MlopsNotFoundException("run", runId);
}
