using Npgsql;
using Mlops.Journal;
using Mlops.Storage.PostgreSql.Internal;
using Mlops.Storage.Sqlite.Internal;

namespace Mlops.Storage.PostgreSql;

internal sealed partial class PostgreSqlMlopsStore
{
    private const string JournalColumns = "sequence, ts, kind, subject, actor, payload, previous_hash, hash";

    /// <inheritdoc />
    public Task<JournalEntry> AppendJournalAsync(JournalDraft draft, CancellationToken cancellationToken = default)
    {
        StoreInput.Draft(draft);
        return WriteAsync("appending to the journal", connection => AppendJournal(connection, draft), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(long fromSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        if (maxCount < 1)
        {
            throw new MlopsValidationException("max count", maxCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "at least one entry must be requested.");
        }

        return ReadAsync<IReadOnlyList<JournalEntry>>("reading the journal", connection =>
        {
            using var command = connection.Command($"SELECT {JournalColumns} FROM journal WHERE sequence >= @from ORDER BY sequence LIMIT @max")
                .With("@from", fromSequence).With("@max", maxCount);
            return ReadJournalEntries(command);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<JournalHead?> GetJournalHeadAsync(CancellationToken cancellationToken = default) =>
        ReadAsync("reading the journal head", ReadHead, cancellationToken);

    /// <summary>
    /// Seals and appends an entry; must run inside the writer's transaction, beside the mutation it records. It also
    /// queues a <c>NOTIFY</c> on <see cref="PostgreSqlJournalNotifier.Channel"/> with the new sequence, which PostgreSQL
    /// delivers to listeners only when the transaction commits (a rolled-back write wakes nobody).
    /// </summary>
    internal static JournalEntry AppendJournal(NpgsqlConnection connection, JournalDraft draft)
    {
        var head = ReadHead(connection);
        var entry = JournalChain.Seal(draft, (head?.Sequence ?? 0) + 1, head?.Hash ?? JournalChain.GenesisHash);
        connection.Command($"INSERT INTO journal ({JournalColumns}) VALUES (@seq, @ts, @kind, @subject, @actor, @payload, @prev, @hash)")
            .With("@seq", entry.Sequence).With("@ts", entry.Timestamp.ToUnixTimeMilliseconds()).With("@kind", entry.Kind)
            .With("@subject", entry.Subject).With("@actor", entry.Actor).With("@payload", entry.Payload)
            .With("@prev", entry.PreviousHash).With("@hash", entry.Hash)
            .Run();
        connection.Command("""
                INSERT INTO journal_head (id, sequence, hash) VALUES (1, @seq, @hash)
                ON CONFLICT (id) DO UPDATE SET sequence = excluded.sequence, hash = excluded.hash;
                SELECT pg_notify(@channel, @note)
                """)
            .With("@seq", entry.Sequence).With("@hash", entry.Hash)
            .With("@channel", PostgreSqlJournalNotifier.Channel)
            .With("@note", entry.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Run();
        return entry;
    }

    /// <summary>Reads the entries a <c>SELECT {JournalColumns}</c> command returns.</summary>
    private static List<JournalEntry> ReadJournalEntries(NpgsqlCommand command)
    {
        using var reader = command.ExecuteReader();
        var entries = new List<JournalEntry>();
        while (reader.Read())
        {
            entries.Add(new JournalEntry(
                reader.GetInt64(0), reader.GetTimestamp(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7)));
        }

        return entries;
    }

    private static JournalHead? ReadHead(NpgsqlConnection connection)
    {
        using var command = connection.Command("SELECT sequence, hash FROM journal_head WHERE id = 1");
        using var reader = command.ExecuteReader();
        return reader.Read() ? new JournalHead(reader.GetInt64(0), reader.GetString(1)) : null;
    }
}
