using Mlops.Journal;
using Mlops.Storage.PostgreSql.Search;
using Npgsql;

namespace Mlops.Storage.PostgreSql;

internal sealed partial class PostgreSqlMlopsStore
{
    /// <summary>
    /// Seals and appends an entry on a connection whose transaction the caller holds (tests use it to roll an append
    /// back). The append also queues a <c>NOTIFY</c> on <see cref="PostgreSqlJournalNotifier.Channel"/> with the new
    /// sequence, which PostgreSQL delivers to listeners only when the transaction commits (a rolled-back write wakes nobody).
    /// </summary>
    internal static JournalEntry AppendJournal(NpgsqlConnection connection, JournalDraft draft) =>
        AppendJournal(connection, draft, PostgreSqlDialect.Instance);
}
