using System.Data.Common;
using Mlops.Journal;
using Mlops.Storage.Relational.Search;

namespace Mlops.Storage.Relational;

internal abstract partial class RelationalMlopsStore
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

    /// <summary>Seals and appends an entry; must run inside the writer's transaction, beside the mutation it records.</summary>
    private protected JournalEntry AppendJournal(DbConnection connection, JournalDraft draft) => AppendJournal(connection, draft, Dialect);

    /// <summary>Seals and appends an entry; must run inside a serialized write transaction, beside the mutation it records.</summary>
    private protected static JournalEntry AppendJournal(DbConnection connection, JournalDraft draft, ISqlDialect dialect)
    {
        var head = ReadHead(connection);
        var entry = JournalChain.Seal(draft, (head?.Sequence ?? 0) + 1, head?.Hash ?? JournalChain.GenesisHash);
        connection.Command($"INSERT INTO journal ({JournalColumns}) VALUES (@seq, @ts, @kind, @subject, @actor, @payload, @prev, @hash)")
            .With("@seq", entry.Sequence).With("@ts", entry.Timestamp.ToUnixTimeMilliseconds()).With("@kind", entry.Kind)
            .With("@subject", entry.Subject).With("@actor", entry.Actor).With("@payload", entry.Payload)
            .With("@prev", entry.PreviousHash).With("@hash", entry.Hash)
            .Run();
        connection.Command(dialect.AdvanceJournalHead)
            .With("@seq", entry.Sequence).With("@hash", entry.Hash)
            .Run();
        return entry;
    }

    /// <summary>Reads the entries a <c>SELECT {JournalColumns}</c> command returns.</summary>
    private static List<JournalEntry> ReadJournalEntries(DbCommand command)
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

    private static JournalHead? ReadHead(DbConnection connection)
    {
        using var command = connection.Command("SELECT sequence, hash FROM journal_head WHERE id = 1");
        using var reader = command.ExecuteReader();
        return reader.Read() ? new JournalHead(reader.GetInt64(0), reader.GetString(1)) : null;
    }
}
