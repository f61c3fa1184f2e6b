using System.Globalization;
using System.Text;
using System.Data;
using System.Data.Common;
using Mlops.Governance;
using Mlops.Journal;

namespace Mlops.Storage.Relational;

internal abstract partial class RelationalMlopsStore
{
    private const int MaxGovernanceJsonLength = 1_000_000;

    /// <inheritdoc />
    public Task<GovernanceRecord> PutGovernanceRecordAsync(string kind, string id, string json, long expectedRevision, DateTimeOffset updatedAt, string updatedBy, JournalDraft? journal, CancellationToken cancellationToken = default)
    {
        GovernanceKey(kind, id);
        StoreInput.Required("json", json);
        StoreInput.Required("updated by", updatedBy);
        if (journal is not null)
        {
            StoreInput.Draft(journal);
        }

        if (json.Length > MaxGovernanceJsonLength)
        {
            throw new MlopsValidationException("json", json[..100] + "…", $"a governance record is at most {MaxGovernanceJsonLength} characters.");
        }

        ExpectedRevision(expectedRevision);
        return WriteAsync("writing a governance record", connection =>
        {
            var current = CurrentRevision(connection, kind, id);
            if (current != expectedRevision)
            {
                throw RevisionConflict(kind, id, current, expectedRevision, "write");
            }

            var revision = expectedRevision + 1;
            connection.Command("""
                    INSERT INTO governance_records (kind, id, revision, json, updated_at, updated_by)
                    VALUES (@kind, @id, @revision, @json, @at, @by)
                    ON CONFLICT (kind, id) DO UPDATE SET revision = excluded.revision, json = excluded.json,
                        updated_at = excluded.updated_at, updated_by = excluded.updated_by
                    """)
                .With("@kind", kind).With("@id", id).With("@revision", revision).With("@json", json)
                .With("@at", updatedAt.ToUnixTimeMilliseconds()).With("@by", updatedBy)
                .Run();
            if (journal is not null)
            {
                AppendJournal(connection, journal);
            }
            return new GovernanceRecord(kind, id, revision, json, DateTimeOffset.FromUnixTimeMilliseconds(updatedAt.ToUnixTimeMilliseconds()), updatedBy);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteGovernanceRecordAsync(string kind, string id, long expectedRevision, JournalDraft? journal, CancellationToken cancellationToken = default)
    {
        GovernanceKey(kind, id);
        if (journal is not null)
        {
            StoreInput.Draft(journal);
        }

        ExpectedRevision(expectedRevision);
        return WriteAsync("deleting a governance record", connection =>
        {
            var current = CurrentRevision(connection, kind, id);
            if (current == 0)
            {
                throw new MlopsNotFoundException(kind, id);
            }

            if (current != expectedRevision)
            {
                throw RevisionConflict(kind, id, current, expectedRevision, "delete");
            }

            connection.Command("DELETE FROM governance_records WHERE kind = @kind AND id = @id").With("@kind", kind).With("@id", id).Run();
            if (journal is not null)
            {
                AppendJournal(connection, journal);
            }
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<GovernanceRecord?> GetGovernanceRecordAsync(string kind, string id, CancellationToken cancellationToken = default)
    {
        GovernanceKey(kind, id);
        return ReadAsync("reading a governance record", connection =>
        {
            using var command = connection.Command("SELECT kind, id, revision, json, updated_at, updated_by FROM governance_records WHERE kind = @kind AND id = @id")
                .With("@kind", kind).With("@id", id);
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadGovernanceRecord(reader) : null;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<GovernanceRecord>> ListGovernanceRecordsAsync(string kind, string? idPrefix = null, CancellationToken cancellationToken = default)
    {
        StoreInput.Required("kind", kind);
        return ReadAsync<IReadOnlyList<GovernanceRecord>>("listing governance records", connection =>
        {
            // A range on the primary key instead of LIKE, so that '%' and '_' in a prefix are plain characters.
            using var command = idPrefix is { Length: > 0 }
                ? connection.Command($"SELECT kind, id, revision, json, updated_at, updated_by FROM governance_records WHERE kind = @kind AND id >= @prefix AND {Dialect.StartsWith("id", "@prefix")} ORDER BY id")
                    .With("@kind", kind).With("@prefix", idPrefix)
                : connection.Command("SELECT kind, id, revision, json, updated_at, updated_by FROM governance_records WHERE kind = @kind ORDER BY id")
                    .With("@kind", kind);
            using var reader = command.ExecuteReader();
            var records = new List<GovernanceRecord>();
            while (reader.Read())
            {
                records.Add(ReadGovernanceRecord(reader));
            }

            return records;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task AppendInferenceRecordsAsync(IReadOnlyList<InferenceRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(records));
            NonEmpty("model name", record.ModelName);
            NonEmpty("model digest", record.ModelDigest);
            NonEmpty("input hash", record.InputHash);
            NonEmpty("variant", record.Variant);
            ArgumentNullException.ThrowIfNull(record.Output, "output");
        }

        if (records.Count == 0)
        {
            return Task.CompletedTask;
        }

        return WriteAsync("appending inference records", connection =>
        {
            using var command = connection.Command("""
                INSERT INTO inference_records (ts, model_name, version, model_digest, variant, input, input_hash, output, trace_id)
                VALUES (@ts, @model, @version, @digest, @variant, @input, @hash, @output, @trace)
                """);
            var ts = command.AddParameter("@ts", DbType.Int64);
            var model = command.AddParameter("@model", DbType.String);
            var version = command.AddParameter("@version", DbType.Int64);
            var digest = command.AddParameter("@digest", DbType.String);
            var variant = command.AddParameter("@variant", DbType.String);
            var input = command.AddParameter("@input", DbType.String);
            var hash = command.AddParameter("@hash", DbType.String);
            var output = command.AddParameter("@output", DbType.String);
            var trace = command.AddParameter("@trace", DbType.String);
            command.Prepare();
            foreach (var record in records)
            {
                ts.Value = record.Timestamp.ToUnixTimeMilliseconds();
                model.Value = record.ModelName;
                version.Value = (long)record.Version;
                digest.Value = record.ModelDigest;
                variant.Value = record.Variant;
                input.Value = (object?)record.Input ?? DBNull.Value;
                hash.Value = record.InputHash;
                output.Value = record.Output;
                trace.Value = (object?)record.TraceId ?? DBNull.Value;
                command.ExecuteNonQuery();
            }
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<InferenceRecord>> ReadInferenceRecordsAsync(InferenceRecordQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.MaxResults is < 1 or > 10_000)
        {
            throw new MlopsValidationException(nameof(query.MaxResults), query.MaxResults.ToString(CultureInfo.InvariantCulture), "read between 1 and 10000 records at a time.");
        }

        return ReadAsync<IReadOnlyList<InferenceRecord>>("reading inference records", connection =>
        {
            var sql = new StringBuilder("SELECT sequence, ts, model_name, version, model_digest, variant, input, input_hash, output, trace_id FROM inference_records WHERE sequence > @after");
            using var command = connection.Command(string.Empty).With("@after", query.AfterSequence);
            if (query.ModelName is not null)
            {
                sql.Append(" AND model_name = @model");
                command.With("@model", query.ModelName);
            }

            if (query.Version is not null)
            {
                sql.Append(" AND version = @version");
                command.With("@version", query.Version.Value);
            }

            FinishSequenceQuery(command, sql, query.From, query.To, query.MaxResults);
            using var reader = command.ExecuteReader();
            var records = new List<InferenceRecord>();
            while (reader.Read())
            {
                records.Add(new InferenceRecord(
                    reader.GetInt64(0), reader.GetTimestamp(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4),
                    reader.GetString(5), reader.GetNullableString(6), reader.GetString(7), reader.GetString(8), reader.GetNullableString(9)));
            }

            return records;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<long> PurgeInferenceRecordsAsync(DateTimeOffset before, Func<long, JournalDraft> journal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(journal);
        return WriteAsync("purging inference records", connection =>
        {
            long count = connection.Command("DELETE FROM inference_records WHERE ts < @before")
                .With("@before", before.ToUnixTimeMilliseconds()).Run();
            var draft = journal(count);
            StoreInput.Draft(draft);
            AppendJournal(connection, draft);
            return count;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JournalEntry>> QueryJournalAsync(JournalQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return ReadAsync<IReadOnlyList<JournalEntry>>("querying the journal", connection =>
        {
            var sql = new StringBuilder($"SELECT {JournalColumns} FROM journal WHERE sequence > @after");
            using var command = connection.Command(string.Empty).With("@after", query.AfterSequence);
            if (query.Subject is not null)
            {
                // The subject or anything under it: 'x' or 'x/…' ('0' sorts right after '/'), served by ix_journal_subject.
                sql.Append(" AND (subject = @subject OR (subject >= @subjectFrom AND subject < @subjectTo))");
                command.With("@subject", query.Subject).With("@subjectFrom", query.Subject + "/").With("@subjectTo", query.Subject + "0");
            }

            if (query.Actor is not null)
            {
                sql.Append(" AND actor = @actor");
                command.With("@actor", query.Actor);
            }

            if (query.Kinds is { } kinds)
            {
                if (kinds.Count == 0)
                {
                    return [];
                }

                sql.Append(" AND kind IN (");
                for (var i = 0; i < kinds.Count; i++)
                {
                    sql.Append(i == 0 ? string.Empty : ", ").Append("@kind").Append(i.ToString(CultureInfo.InvariantCulture));
                    command.With("@kind" + i.ToString(CultureInfo.InvariantCulture), kinds[i]);
                }

                sql.Append(')');
            }

            FinishSequenceQuery(command, sql, query.From, query.To, query.MaxResults);
            return ReadJournalEntries(command);
        }, cancellationToken);
    }

    /// <summary>Adds the time range (on <c>ts</c>), sequence order and page size shared by journal and inference-record queries.</summary>
    private static void FinishSequenceQuery(DbCommand command, StringBuilder sql, DateTimeOffset? from, DateTimeOffset? to, int maxResults)
    {
        if (from is not null)
        {
            sql.Append(" AND ts >= @from");
            command.With("@from", from.Value.ToUnixTimeMilliseconds());
        }

        if (to is not null)
        {
            sql.Append(" AND ts < @to");
            command.With("@to", to.Value.ToUnixTimeMilliseconds());
        }

        sql.Append(" ORDER BY sequence LIMIT @max");
        command.With("@max", maxResults);
        command.CommandText = sql.ToString();
    }

    private static void GovernanceKey(string kind, string id)
    {
        NonEmpty("kind", kind);
        NonEmpty("id", id);
        if (id.Length > 1000)
        {
            throw new MlopsValidationException("id", id[..100] + "…", "a governance record id is at most 1000 characters.");
        }
    }

    private static void NonEmpty(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new MlopsValidationException(field, value, "the value must not be empty.");
        }
    }

    private static void ExpectedRevision(long expectedRevision)
    {
        if (expectedRevision < 0)
        {
            throw new MlopsValidationException("expected revision", expectedRevision.ToString(CultureInfo.InvariantCulture), "revisions start at 0 (absent).");
        }
    }

    private static long CurrentRevision(DbConnection connection, string kind, string id) =>
        connection.Command("SELECT revision FROM governance_records WHERE kind = @kind AND id = @id")
            .With("@kind", kind).With("@id", id).Scalar() is long revision ? revision : 0;

    private static MlopsConflictException RevisionConflict(string kind, string id, long current, long expected, string action) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"Cannot {action} {kind} '{id}': it is at revision {current} (0 = absent), but the change was decided at revision {expected}. Nothing was changed; read it again and decide again."));

    private static GovernanceRecord ReadGovernanceRecord(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetTimestamp(4), reader.GetString(5));
}
