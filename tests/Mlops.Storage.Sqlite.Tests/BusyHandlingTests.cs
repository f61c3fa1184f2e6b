using Mlops.Storage.Sqlite.Tests.TestSupport;
using static Mlops.Storage.Sqlite.Tests.TestSupport.StoreData;

namespace Mlops.Storage.Sqlite.Tests;

public sealed class BusyHandlingTests
{
    [Fact]
    public async Task Write_WhileAnotherConnectionHoldsTheWriteLockTooLong_FailsWithAStorageErrorAndWritesNothing()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenInitializedAsync(o =>
        {
            o.BusyTimeout = TimeSpan.FromMilliseconds(50);
            o.MaxBusyRetries = 1;
        });
        using var blocker = db.OpenRaw();
        using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
        }

        var act = () => store.ExperimentAsync("blocked");

        var error = (await act.Should().ThrowAsync<MlopsStorageException>()).Which;
        error.Message.Should().Contain("locked").And.Contain(db.Path);
        using (var rollback = blocker.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        (await store.ListExperimentsAsync(Ct)).Should().BeEmpty();
        (await store.GetJournalHeadAsync(Ct)).Should().BeNull();
    }

    [Fact]
    public async Task Write_QueuedBehindAnotherConnection_SucceedsOnceTheLockIsReleased()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenInitializedAsync();
        using var blocker = db.OpenRaw();
        using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE; INSERT INTO experiments VALUES ('e0', 'from-blocker', 0, 'raw');";
            begin.ExecuteNonQuery();
        }

        var pending = Task.Run(() => store.ExperimentAsync("queued"), Ct);
        using (var commit = blocker.CreateCommand())
        {
            commit.CommandText = "COMMIT";
            commit.ExecuteNonQuery();
        }

        await pending;
        (await store.ListExperimentsAsync(Ct)).Select(e => e.Name).Should().Equal("from-blocker", "queued");
    }
}
