using Mlops.Governance;
using Mlops.Journal;

namespace Mlops.Storage.Conformance.Governance;

/// <summary>Inference records: batched append with store-assigned ascending sequences, filtered paged reads, purge by age with its journal entry.</summary>
/// <typeparam name="TProvider">The provider under test.</typeparam>
public abstract class InferenceRecordConformanceTests<TProvider> : StoreConformanceBase<TProvider>
    where TProvider : IStoreConformanceProvider, new()
{
    private static InferenceRecord Record(int minute, string model = "penguins", int version = 1, string? input = "{\"BodyMass\":3750}", string? trace = "4bf92f3577b34da6a3ce929d0e0e4736") =>
        new(0, T0.AddMinutes(minute), model, version, new string('a', 64), "primary", input, new string('b', 64), "{\"PredictedSpecies\":\"Adelie\"}", trace);

    [Fact]
    public async Task Appended_records_read_back_in_order_with_ascending_sequences_and_every_field()
    {
        await Store.AppendInferenceRecordsAsync([Record(0), Record(1, input: null, trace: null), Record(2, version: 2)], Ct);

        var read = await Store.ReadInferenceRecordsAsync(new InferenceRecordQuery(), Ct);

        read.Should().HaveCount(3);
        read.Select(r => r.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems().And.OnlyContain(s => s > 0);
        read[0].Should().Be(Record(0) with { Sequence = read[0].Sequence });
        read[1].Input.Should().BeNull();
        read[1].TraceId.Should().BeNull();
        read[2].Version.Should().Be(2);
        (await ReadAllJournalAsync()).Should().BeEmpty("inference records are data, not journal entries");
    }

    [Fact]
    public async Task Reads_filter_by_model_version_and_time_and_page_by_sequence()
    {
        var batch = Enumerable.Range(0, 30).Select(i => Record(i, model: i % 3 == 0 ? "cars" : "penguins", version: 1 + (i % 2))).ToList();
        await Store.AppendInferenceRecordsAsync(batch, Ct);

        (await Store.ReadInferenceRecordsAsync(new InferenceRecordQuery { ModelName = "cars" }, Ct)).Should().HaveCount(10);
        (await Store.ReadInferenceRecordsAsync(new InferenceRecordQuery { ModelName = "penguins", Version = 2 }, Ct))
            .Should().OnlyContain(r => r.ModelName == "penguins" && r.Version == 2);
        (await Store.ReadInferenceRecordsAsync(new InferenceRecordQuery { From = T0.AddMinutes(10), To = T0.AddMinutes(20) }, Ct))
            .Select(r => r.Timestamp).Should().Equal(Enumerable.Range(10, 10).Select(i => T0.AddMinutes(i)));

        var first = await Store.ReadInferenceRecordsAsync(new InferenceRecordQuery { MaxResults = 12 }, Ct);
        var rest = await Store.ReadInferenceRecordsAsync(new InferenceRecordQuery { AfterSequence = first[^1].Sequence, MaxResults = 100 }, Ct);
        first.Concat(rest).Select(r => r.Timestamp).Should().Equal(batch.Select(r => r.Timestamp));
    }

    [Fact]
    public async Task Purge_deletes_only_older_records_and_journals_the_purge_in_the_same_chain()
    {
        await Store.AppendInferenceRecordsAsync(Enumerable.Range(0, 10).Select(i => Record(i)).ToList(), Ct);

        var purged = await Store.PurgeInferenceRecordsAsync(T0.AddMinutes(4), n => Draft(JournalKinds.InferenceRecordsPurged, "inference-records", payload: JournalPayload.Create(("count", n))), Ct);

        purged.Should().Be(4);
        (await Store.ReadInferenceRecordsAsync(new InferenceRecordQuery(), Ct)).Select(r => r.Timestamp).Should().Equal(Enumerable.Range(4, 6).Select(i => T0.AddMinutes(i)));
        var entry = (await ReadAllJournalAsync()).Should().ContainSingle().Subject;
        entry.Kind.Should().Be(JournalKinds.InferenceRecordsPurged);
        entry.Payload.Should().Be("""{"count":4}""", "the entry is built from the number actually deleted, inside the transaction");
    }

    [Fact]
    public async Task An_empty_batch_is_a_no_op_and_a_bad_page_size_is_refused()
    {
        await Store.AppendInferenceRecordsAsync([], Ct);
        (await Store.ReadInferenceRecordsAsync(new InferenceRecordQuery(), Ct)).Should().BeEmpty();

        var act = () => Store.ReadInferenceRecordsAsync(new InferenceRecordQuery { MaxResults = 0 }, Ct);
        await act.Should().ThrowAsync<MlopsValidationException>();
    }

    [Fact]
    public async Task A_batch_with_an_invalid_record_writes_nothing()
    {
        var act = () => Store.AppendInferenceRecordsAsync([Record(0), Record(1) with { ModelName = "" }], Ct);

        await act.Should().ThrowAsync<MlopsValidationException>();
        (await Store.ReadInferenceRecordsAsync(new InferenceRecordQuery(), Ct)).Should().BeEmpty();
    }
}
