using System.Globalization;
using Mlops.Journal;
using Mlops.Registry;
using Mlops.Storage.PostgreSql.Tests.TestSupport;
using Npgsql;

namespace Mlops.Storage.PostgreSql.Tests;

/// <summary>
/// <c>LISTEN/NOTIFY</c> on the journal: a commit by another store object wakes a waiter, a rolled-back write wakes nobody,
/// and a lost listening connection is replaced without missing an entry. Timeouts are generous bounds, never the signal.
/// </summary>
public sealed class JournalNotificationTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset T0 = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_append_through_another_store_wakes_a_waiter_on_the_first()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var follower = await db.OpenInitializedAsync();
        await using var writer = await db.OpenInitializedAsync();
        await using var notifier = new PostgreSqlJournalNotifier(follower);
        await notifier.WhenListeningAsync(Ct).WaitAsync(Bound, Ct);

        var waiting = notifier.WaitForChangeAsync(0, Bound, Ct).AsTask();
        waiting.IsCompleted.Should().BeFalse("the journal is empty");
        var entry = await writer.AppendJournalAsync(Draft("a"), Ct);

        (await waiting).Should().BeTrue("the commit's NOTIFY woke the waiter before the bound ran out");
        entry.Sequence.Should().Be(1);
        (await notifier.WaitForChangeAsync(entry.Sequence, TimeSpan.Zero, Ct)).Should().BeFalse("nothing came after sequence 1");
    }

    [Fact]
    public async Task A_wait_with_no_append_times_out_false_and_the_head_stands_for_entries_from_before_listening()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var store = await db.OpenInitializedAsync();
        await store.AppendJournalAsync(Draft("before"), Ct);
        await using var notifier = new PostgreSqlJournalNotifier(store);
        await notifier.WhenListeningAsync(Ct).WaitAsync(Bound, Ct);

        (await notifier.WaitForChangeAsync(1, TimeSpan.FromMilliseconds(200), Ct)).Should().BeFalse();
        (await notifier.WaitForChangeAsync(0, Bound, Ct)).Should().BeTrue("entry 1 was committed before LISTEN, and the head read after it covers it");
    }

    [Fact]
    public async Task A_rolled_back_write_notifies_nobody()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var store = await db.OpenInitializedAsync();
        await store.CreateRegisteredModelAsync("m", null, new Dictionary<string, string>(), T0, "me", Draft("model"), Ct);
        await store.CreateModelVersionAsync(
            new NewModelVersion("m", "mlnet", new string('a', 64), 1, null, null, "stream", null, new Dictionary<string, string>(), T0, "me"),
            n => Draft("version " + n), Ct);
        await store.SetAliasAsync("m", "champion", 1, null, Draft("alias"), Ct);
        var head = (await store.GetJournalHeadAsync(Ct))!.Sequence;
        await using var listener = new NpgsqlConnection(db.ConnectionString + ";Pooling=false");
        await listener.OpenAsync(Ct);
        var heard = new List<string>();
        listener.Notification += (_, e) => heard.Add(e.Payload);
        await using (var listen = new NpgsqlCommand("LISTEN " + PostgreSqlJournalNotifier.Channel, listener))
        {
            await listen.ExecuteNonQueryAsync(Ct);
        }

        // A conflicting alias move, and an append whose own transaction rolls back after the NOTIFY was issued.
        var conflict = () => store.SetAliasAsync("m", "champion", 1, expectedCurrentVersion: 7, Draft("stale move"), Ct);
        await conflict.Should().ThrowAsync<MlopsConflictException>();
        await using (var connection = await store.DataSource.OpenConnectionAsync(Ct))
        await using (var transaction = await connection.BeginTransactionAsync(Ct))
        {
            PostgreSqlMlopsStore.AppendJournal(connection, Draft("rolled back")).Sequence.Should().Be(head + 1);
            await transaction.RollbackAsync(Ct);
        }

        var committed = await store.AppendJournalAsync(Draft("committed"), Ct);

        // Notifications arrive in commit order, so anything the failed writes had let out would come before this one.
        var expected = committed.Sequence.ToString(CultureInfo.InvariantCulture);
        while (!heard.Contains(expected))
        {
            (await listener.WaitAsync(Bound, Ct)).Should().BeTrue("the committed append notifies within the bound");
        }

        committed.Sequence.Should().Be(head + 1, "the rolled-back entry left no trace in the journal either");
        heard.Should().Equal(expected);
    }

    [Fact]
    public async Task A_lost_listening_connection_is_replaced_and_an_entry_committed_meanwhile_still_wakes_the_waiter()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var follower = await db.OpenInitializedAsync();
        await using var notifier = new PostgreSqlJournalNotifier(follower);
        await notifier.WhenListeningAsync(Ct).WaitAsync(Bound, Ct);

        // Every other session of the database goes, the listening one included, as in a failover.
        await db.ScalarAsync("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
        await using (var writer = await db.OpenInitializedAsync())
        {
            await writer.AppendJournalAsync(Draft("during the outage"), Ct);
        }

        (await notifier.WaitForChangeAsync(0, Bound, Ct)).Should().BeTrue("the new connection reads the head, which covers a notification sent to the dead one");
    }

    private static JournalDraft Draft(string subject) => new("test.event", subject, "me", T0, "{}");
}
