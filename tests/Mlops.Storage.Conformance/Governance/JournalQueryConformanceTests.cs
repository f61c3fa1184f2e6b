using Mlops.Journal;

namespace Mlops.Storage.Conformance.Governance;

/// <summary>Journal queries by subject (and what lies under it), actor, kinds and time, paged by sequence, with the semantics of <see cref="JournalQuery.Matches"/>.</summary>
/// <typeparam name="TProvider">The provider under test.</typeparam>
public abstract class JournalQueryConformanceTests<TProvider> : StoreConformanceBase<TProvider>
    where TProvider : IStoreConformanceProvider, new()
{
    private async Task<IReadOnlyList<JournalEntry>> SeedAsync()
    {
        (string Kind, string Subject, string Actor)[] rows =
        [
            ("model.created", "model/penguins", "alice"),
            ("model.version.registered", "model/penguins/1", "alice"),
            ("model.alias.set", "model/penguins", "bob"),
            ("model.created", "model/penguins-v2", "bob"),
            ("model.version.registered", "model/penguins-v2/1", "carol"),
            ("run.created", "run/abc", "alice"),
            ("model.alias.denied", "model/penguins", "mallory"),
            ("model.created", "model/penguins0", "alice"),
        ];
        for (var i = 0; i < rows.Length; i++)
        {
            await Store.AppendJournalAsync(new JournalDraft(rows[i].Kind, rows[i].Subject, rows[i].Actor, T0.AddMinutes(i), "{}"), Ct);
        }

        return await ReadAllJournalAsync();
    }

    [Fact]
    public async Task Every_criterion_selects_exactly_what_Matches_selects()
    {
        var all = await SeedAsync();
        JournalQuery[] queries =
        [
            new(),
            new() { Subject = "model/penguins" },
            new() { Subject = "model/penguins-v2" },
            new() { Actor = "alice" },
            new() { Kinds = ["model.created", "model.alias.denied"] },
            new() { Kinds = [] },
            new() { From = T0.AddMinutes(2), To = T0.AddMinutes(5) },
            new() { Subject = "model/penguins", Actor = "bob", Kinds = ["model.alias.set"] },
            new() { AfterSequence = 3, MaxResults = 2 },
        ];

        foreach (var query in queries)
        {
            var expected = all.Where(query.Matches).Take(query.MaxResults).Select(e => e.Sequence).ToList();
            (await Store.QueryJournalAsync(query, Ct)).Select(e => e.Sequence).Should().Equal(expected, "query {0}", query);
        }
    }

    [Fact]
    public async Task A_subject_matches_itself_and_what_is_under_it_but_not_a_longer_name()
    {
        await SeedAsync();

        var subjects = (await Store.QueryJournalAsync(new JournalQuery { Subject = "model/penguins" }, Ct)).Select(e => e.Subject);

        subjects.Should().Equal("model/penguins", "model/penguins/1", "model/penguins", "model/penguins");
    }

    [Fact]
    public async Task Query_results_are_the_stored_entries_and_a_bad_page_size_is_refused()
    {
        var all = await SeedAsync();

        (await Store.QueryJournalAsync(new JournalQuery { Actor = "carol" }, Ct)).Should().ContainSingle().Which.Should().Be(all[4]);
        var act = () => Store.QueryJournalAsync(new JournalQuery { MaxResults = 0 }, Ct);
        await act.Should().ThrowAsync<MlopsValidationException>();
    }
}
