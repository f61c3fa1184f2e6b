using Mlops.Governance;
using Mlops.Journal;

namespace Mlops.Storage.Conformance.Governance;

/// <summary>
/// Governance records: create at revision 0, replace at the revision read, delete at the revision read; a stale revision
/// is a conflict that changes nothing (record and journal); each change appends its journal entry in the same chain;
/// listing by kind and id prefix; a second store instance sees every change.
/// </summary>
/// <typeparam name="TProvider">The provider under test.</typeparam>
public abstract class GovernanceRecordConformanceTests<TProvider> : StoreConformanceBase<TProvider>
    where TProvider : IStoreConformanceProvider, new()
{
    private const string Kind = GovernanceRecordKinds.PromotionRequest;

    private Task<GovernanceRecord> PutAsync(string id, string json, long expected, IMlopsStore? store = null, string by = "alice", int minute = 0) =>
        (store ?? Store).PutGovernanceRecordAsync(Kind, id, json, expected, T0.AddMinutes(minute), by, Draft(JournalKinds.PromotionRequested, "promotion/" + id, T0.AddMinutes(minute)), Ct);

    [Fact]
    public async Task Put_at_revision_zero_creates_revision_one_and_journals_it()
    {
        var record = await PutAsync("r1", """{"status":"pending"}""", 0);

        record.Should().Be(new GovernanceRecord(Kind, "r1", 1, """{"status":"pending"}""", T0, "alice"));
        (await Store.GetGovernanceRecordAsync(Kind, "r1", Ct)).Should().Be(record);
        var journal = await ReadAllJournalAsync();
        journal.Should().ContainSingle().Which.Subject.Should().Be("promotion/r1");
        (await JournalVerifier.VerifyAsync(Store, Ct)).IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task Put_at_the_revision_read_replaces_and_bumps_the_revision()
    {
        await PutAsync("r1", """{"v":1}""", 0);
        var second = await PutAsync("r1", """{"v":2}""", 1, by: "bob", minute: 5);

        second.Revision.Should().Be(2);
        var read = await Store.GetGovernanceRecordAsync(Kind, "r1", Ct);
        read!.Json.Should().Be("""{"v":2}""");
        read.UpdatedBy.Should().Be("bob");
        read.UpdatedAt.Should().Be(T0.AddMinutes(5));
        (await ReadAllJournalAsync()).Should().HaveCount(2);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task A_stale_revision_is_a_conflict_that_changes_neither_the_record_nor_the_journal(long stale)
    {
        await PutAsync("r1", """{"v":1}""", 0);
        var before = await ReadAllJournalAsync();

        var act = () => PutAsync("r1", """{"v":"lost update"}""", stale);

        await act.Should().ThrowAsync<MlopsConflictException>().WithMessage("*revision 1*");
        (await Store.GetGovernanceRecordAsync(Kind, "r1", Ct))!.Json.Should().Be("""{"v":1}""");
        (await ReadAllJournalAsync()).Should().Equal(before);
    }

    [Fact]
    public async Task Putting_an_absent_record_at_a_nonzero_revision_is_a_conflict()
    {
        var act = () => PutAsync("missing", "{}", 3);

        await act.Should().ThrowAsync<MlopsConflictException>();
        (await Store.GetGovernanceRecordAsync(Kind, "missing", Ct)).Should().BeNull();
        (await ReadAllJournalAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Two_writers_deciding_on_the_same_revision_one_wins_and_the_other_conflicts()
    {
        await PutAsync("r1", """{"approvals":0}""", 0);
        var second = await OpenSecondAsync();

        await PutAsync("r1", """{"approvals":1,"by":"bob"}""", 1, by: "bob");
        var act = () => PutAsync("r1", """{"approvals":1,"by":"carol"}""", 1, second, by: "carol");

        await act.Should().ThrowAsync<MlopsConflictException>();
        (await second.GetGovernanceRecordAsync(Kind, "r1", Ct))!.Json.Should().Contain("bob");
    }

    [Fact]
    public async Task A_data_record_without_a_journal_entry_is_versioned_and_deleted_without_touching_the_journal()
    {
        await PutAsync("journaled", """{"v":0}""", 0);
        var before = await ReadAllJournalAsync();

        var created = await Store.PutGovernanceRecordAsync("webhook-delivery", "hook/1", """{"attempts":1}""", 0, T0, "dispatcher", journal: null, Ct);
        var replaced = await Store.PutGovernanceRecordAsync("webhook-delivery", "hook/1", """{"attempts":2}""", 1, T0.AddMinutes(1), "dispatcher", journal: null, Ct);
        var stale = () => Store.PutGovernanceRecordAsync("webhook-delivery", "hook/1", """{"attempts":9}""", 1, T0, "dispatcher", journal: null, Ct);

        created.Revision.Should().Be(1);
        replaced.Revision.Should().Be(2);
        await stale.Should().ThrowAsync<MlopsConflictException>();
        (await Store.GetGovernanceRecordAsync("webhook-delivery", "hook/1", Ct))!.Json.Should().Be("""{"attempts":2}""");
        await Store.DeleteGovernanceRecordAsync("webhook-delivery", "hook/1", 2, journal: null, Ct);
        (await Store.GetGovernanceRecordAsync("webhook-delivery", "hook/1", Ct)).Should().BeNull();
        (await ReadAllJournalAsync()).Should().Equal(before);
        (await JournalVerifier.VerifyAsync(Store, Ct)).IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task Many_instances_claiming_the_same_new_record_exactly_one_succeeds()
    {
        var stores = new List<IMlopsStore> { Store };
        for (var i = 0; i < 3; i++)
        {
            stores.Add(await OpenSecondAsync());
        }

        var attempts = stores.SelectMany(s => Enumerable.Range(0, 4).Select(n => (Store: s, By: $"node-{stores.IndexOf(s)}-{n}"))).ToList();
        var outcomes = await Task.WhenAll(attempts.Select(async a =>
        {
            try
            {
                await a.Store.PutGovernanceRecordAsync("claim", "schedule/nightly/2026-11-28T02:00:00Z", $$"""{"by":"{{a.By}}"}""", 0, T0, a.By, journal: null, Ct);
                return a.By;
            }
            catch (MlopsConflictException)
            {
                return null;
            }
        }));

        var winner = outcomes.Should().ContainSingle(o => o != null).Subject;
        (await Store.GetGovernanceRecordAsync("claim", "schedule/nightly/2026-11-28T02:00:00Z", Ct))!.UpdatedBy.Should().Be(winner);
    }

    [Fact]
    public async Task Delete_at_the_revision_read_removes_it_and_journals_it()
    {
        await PutAsync("r1", "{}", 0);

        await Store.DeleteGovernanceRecordAsync(Kind, "r1", 1, Draft(JournalKinds.PermissionRevoked, "promotion/r1"), Ct);

        (await Store.GetGovernanceRecordAsync(Kind, "r1", Ct)).Should().BeNull();
        (await ReadAllJournalAsync()).Select(e => e.Kind).Should().Equal(JournalKinds.PromotionRequested, JournalKinds.PermissionRevoked);
    }

    [Fact]
    public async Task Delete_of_an_absent_record_is_not_found_and_a_stale_delete_is_a_conflict()
    {
        var absent = () => Store.DeleteGovernanceRecordAsync(Kind, "nope", 1, Draft("x.deleted", "promotion/nope"), Ct);
        await absent.Should().ThrowAsync<MlopsNotFoundException>();

        await PutAsync("r1", "{}", 0);
        await PutAsync("r1", "{}", 1);
        var stale = () => Store.DeleteGovernanceRecordAsync(Kind, "r1", 1, Draft("x.deleted", "promotion/r1"), Ct);
        await stale.Should().ThrowAsync<MlopsConflictException>();
        (await Store.GetGovernanceRecordAsync(Kind, "r1", Ct)).Should().NotBeNull();
        (await ReadAllJournalAsync()).Should().HaveCount(2);
    }

    [Fact]
    public async Task List_returns_one_kind_by_id_and_filters_by_a_literal_prefix()
    {
        await PutAsync("b/2", "{}", 0);
        await PutAsync("a/1", "{}", 0);
        await PutAsync("a/2", "{}", 0);
        await PutAsync("a%_", "{}", 0);
        await PutAsync("ab", "{}", 0);
        await Store.PutGovernanceRecordAsync(GovernanceRecordKinds.Permission, "a/1", "{}", 0, T0, "alice", Draft(JournalKinds.PermissionGranted, "permission/a"), Ct);

        (await Store.ListGovernanceRecordsAsync(Kind, cancellationToken: Ct)).Select(r => r.Id).Should().Equal("a%_", "a/1", "a/2", "ab", "b/2");
        (await Store.ListGovernanceRecordsAsync(Kind, "a/", Ct)).Select(r => r.Id).Should().Equal("a/1", "a/2");
        (await Store.ListGovernanceRecordsAsync(Kind, "a%", Ct)).Select(r => r.Id).Should().Equal("a%_");
        (await Store.ListGovernanceRecordsAsync(GovernanceRecordKinds.Permission, cancellationToken: Ct)).Should().ContainSingle();
        (await Store.ListGovernanceRecordsAsync("unknown-kind", cancellationToken: Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task Unicode_and_large_documents_round_trip_and_a_second_instance_reads_them()
    {
        var json = "{\"comment\":\"ünïcødé ✓ " + new string('x', 100_000) + "\"}";
        await PutAsync("r1", json, 0);
        var second = await OpenSecondAsync();

        (await second.GetGovernanceRecordAsync(Kind, "r1", Ct))!.Json.Should().Be(json);
    }

    [Fact]
    public async Task Empty_kind_or_id_and_a_negative_revision_are_refused_before_anything_is_written()
    {
        var noKind = () => Store.PutGovernanceRecordAsync("", "r1", "{}", 0, T0, "alice", Draft("x", "y"), Ct);
        var noId = () => Store.PutGovernanceRecordAsync(Kind, "", "{}", 0, T0, "alice", Draft("x", "y"), Ct);
        var negative = () => Store.PutGovernanceRecordAsync(Kind, "r1", "{}", -1, T0, "alice", Draft("x", "y"), Ct);

        await noKind.Should().ThrowAsync<MlopsValidationException>();
        await noId.Should().ThrowAsync<MlopsValidationException>();
        await negative.Should().ThrowAsync<MlopsValidationException>();
        (await ReadAllJournalAsync()).Should().BeEmpty();
    }
}
