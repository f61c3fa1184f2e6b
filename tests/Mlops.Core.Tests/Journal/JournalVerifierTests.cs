using Mlops.Journal;

namespace Mlops.Core.Tests.Journal;

public sealed class JournalVerifierTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_empty_journal_is_valid_with_no_head()
    {
        var result = await JournalVerifier.VerifyAsync(new InMemoryJournalStore(), Ct);

        result.Should().Be(new JournalVerificationResult(true, 0, null, null, null));
    }

    [Fact]
    public async Task An_intact_chain_is_valid_and_reports_its_head()
    {
        var store = await new InMemoryJournalStore().AppendManyAsync(5, Ct);

        var result = await JournalVerifier.VerifyAsync(store, Ct);

        result.IsValid.Should().BeTrue();
        result.EntriesChecked.Should().Be(5);
        result.FirstBrokenSequence.Should().BeNull();
        result.Problem.Should().BeNull();
        result.Head.Should().Be(new JournalHead(5, store.Get(5).Hash));
    }

    [Fact]
    public async Task A_modified_payload_is_named_by_its_sequence()
    {
        var store = await new InMemoryJournalStore().AppendManyAsync(5, Ct);
        store.Overwrite(store.Get(3) with { Payload = JournalPayload.Create(("index", 3), ("note", "forged")) });

        var result = await JournalVerifier.VerifyAsync(store, Ct);

        result.IsValid.Should().BeFalse();
        result.FirstBrokenSequence.Should().Be(3);
        result.EntriesChecked.Should().Be(2);
        result.Problem.Should().Contain("entry 3").And.Contain("was modified").And.Contain(store.Get(3).Hash);
        result.Head.Should().Be(new JournalHead(2, store.Get(2).Hash), "the head is the last entry that verified");
    }

    [Fact]
    public async Task A_deleted_middle_entry_is_reported_missing()
    {
        var store = await new InMemoryJournalStore().AppendManyAsync(5, Ct);
        store.Delete(3);

        var result = await JournalVerifier.VerifyAsync(store, Ct);

        result.IsValid.Should().BeFalse();
        result.FirstBrokenSequence.Should().Be(3);
        result.Problem.Should().Contain("entry 3 is missing").And.Contain("next stored entry is 4");
    }

    [Fact]
    public async Task A_deleted_tail_is_detected_through_the_recorded_head()
    {
        var store = await new InMemoryJournalStore().AppendManyAsync(5, Ct);
        store.Delete(5);

        var result = await JournalVerifier.VerifyAsync(store, Ct);

        result.IsValid.Should().BeFalse();
        result.EntriesChecked.Should().Be(4);
        result.FirstBrokenSequence.Should().Be(5);
        result.Problem.Should().Contain("entry 5 is missing").And.Contain("recorded head");
        result.Head.Should().Be(new JournalHead(4, store.Get(4).Hash));
    }

    [Fact]
    public async Task A_modified_entry_whose_hash_was_recomputed_is_caught_at_the_next_link()
    {
        var store = await new InMemoryJournalStore().AppendManyAsync(5, Ct);
        var forged = store.Get(3) with { Actor = "mallory" };
        store.Overwrite(forged with { Hash = JournalChain.ComputeHash(forged) });

        var result = await JournalVerifier.VerifyAsync(store, Ct);

        result.IsValid.Should().BeFalse();
        result.FirstBrokenSequence.Should().Be(4);
        result.EntriesChecked.Should().Be(3);
        result.Problem.Should().Contain("entry 4 does not link to entry 3");
    }

    [Fact]
    public async Task A_rewritten_last_entry_is_caught_by_the_recorded_head_hash()
    {
        var store = await new InMemoryJournalStore().AppendManyAsync(5, Ct);
        var forged = store.Get(5) with { Payload = "{}" };
        store.Overwrite(forged with { Hash = JournalChain.ComputeHash(forged) });

        var result = await JournalVerifier.VerifyAsync(store, Ct);

        result.IsValid.Should().BeFalse();
        result.FirstBrokenSequence.Should().Be(5);
        result.Problem.Should().Contain("entry 5 does not match the recorded head hash");
    }

    [Fact]
    public async Task A_journal_longer_than_one_page_is_read_in_pages_and_verified_across_them()
    {
        var store = await new InMemoryJournalStore().AppendManyAsync(2_345, Ct);

        var intact = await JournalVerifier.VerifyAsync(store, Ct);
        store.Overwrite(store.Get(1_500) with { Subject = "run/forged" });
        var broken = await JournalVerifier.VerifyAsync(store, Ct);

        intact.IsValid.Should().BeTrue();
        intact.EntriesChecked.Should().Be(2_345);
        store.ReadCalls.Should().BeGreaterThanOrEqualTo(3);
        broken.FirstBrokenSequence.Should().Be(1_500);
        broken.EntriesChecked.Should().Be(1_499);
    }

    [Fact]
    public async Task VerifyAsync_guards_its_store_and_honours_cancellation()
    {
        var noStore = () => JournalVerifier.VerifyAsync(null!, Ct);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var cancelledVerify = () => JournalVerifier.VerifyAsync(new InMemoryJournalStore(), cancelled.Token);

        await noStore.Should().ThrowAsync<ArgumentNullException>();
        await cancelledVerify.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task JournalReader_checks_its_arguments_and_verifies_through_the_store()
    {
        var store = await new InMemoryJournalStore().AppendManyAsync(3, Ct);
        var journal = new JournalReader(store);

        var fromZero = () => journal.ReadAsync(0, 10, Ct);
        var tooMany = () => journal.ReadAsync(1, 100_001, Ct);
        var none = () => journal.ReadAsync(1, 0, Ct);

        (await fromZero.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("fromSequence");
        (await tooMany.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("maxCount");
        await none.Should().ThrowAsync<MlopsValidationException>();
        (await journal.ReadAsync(2, 10, Ct)).Select(e => e.Sequence).Should().Equal(2, 3);
        (await journal.VerifyAsync(Ct)).Head.Should().Be(new JournalHead(3, store.Get(3).Hash));
    }
}
