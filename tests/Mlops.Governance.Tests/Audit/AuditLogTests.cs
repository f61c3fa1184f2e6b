using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Mlops.Journal;
using Mlops.Registry;

namespace Mlops.Governance.Tests.Audit;

// The audit log on a real SQLite journal written by real registry operations; tampering goes straight to the file.
public sealed class AuditLogTests(TrainedModels models) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly GovernanceHarness _harness = new(models);
    private readonly FakeTimeProvider _time = new(Start);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    private ServiceProvider As(string actor) => _harness.As(actor, extra: s => s.AddSingleton<TimeProvider>(_time));

    private IAuditLog Audit(string actor = "auditor") => As(actor).GetRequiredService<IAuditLog>();

    // Seven entries by two actors an hour apart: model.created, model.version.registered ×2 (alice), then alias moves (bob).
    private async Task<IReadOnlyList<JournalEntry>> SeedAsync()
    {
        var alice = As("alice").GetRequiredService<IModelRegistry>();
        await alice.RegisterVersionFromStreamAsync("penguins", new MemoryStream(models.PenguinsZip), ModelFlavorNames.MlNet, cancellationToken: Ct);
        await alice.RegisterVersionFromStreamAsync("penguins", new MemoryStream(models.BeakOnlyZip), ModelFlavorNames.MlNet, cancellationToken: Ct);
        _time.Advance(TimeSpan.FromHours(1));
        var bob = As("bob").GetRequiredService<IModelRegistry>();
        await bob.SetAliasAsync("penguins", "champion", 1, "first", Ct);
        await bob.SetAliasAsync("penguins", "challenger", 2, "trial", Ct);
        await bob.SetAliasAsync("penguins", "champion", 2, "better", Ct);
        await bob.SetAliasAsync("penguins", "champion", 1, "rollback", Ct);
        return await _harness.JournalAsync();
    }

    private async Task ExecuteOnFileAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={_harness.DatabasePath};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        (await command.ExecuteNonQueryAsync(Ct)).Should().Be(1, "the tampering must hit exactly one journal row");
    }

    [Fact]
    public async Task An_untouched_journal_verifies_with_its_head()
    {
        var entries = await SeedAsync();

        var result = await Audit().VerifyAsync(Ct);

        result.IsValid.Should().BeTrue(result.Problem);
        result.EntriesChecked.Should().Be(entries.Count);
        result.Head.Should().Be(new JournalHead(entries[^1].Sequence, entries[^1].Hash));
    }

    [Fact]
    public async Task Queries_filter_by_subject_actor_kind_and_time()
    {
        var entries = await SeedAsync();
        var audit = Audit();

        var byBob = await audit.QueryAsync(new JournalQuery { Actor = "bob" }, Ct);
        var aliasMoves = await audit.QueryAsync(new JournalQuery { Kinds = [JournalKinds.ModelAliasSet] }, Ct);
        var versionTwo = await audit.QueryAsync(new JournalQuery { Subject = "model/penguins/2" }, Ct);
        var firstHour = await audit.QueryAsync(new JournalQuery { From = Start, To = Start.AddHours(1) }, Ct);
        var afterFirstHour = await audit.QueryAsync(new JournalQuery { From = Start.AddHours(1), Actor = "bob", Kinds = [JournalKinds.ModelAliasSet] }, Ct);

        byBob.Should().HaveCount(4).And.OnlyContain(e => e.Actor == "bob");
        aliasMoves.Select(e => e.Sequence).Should().Equal(entries.Where(e => e.Kind == JournalKinds.ModelAliasSet).Select(e => e.Sequence));
        versionTwo.Should().ContainSingle().Which.Kind.Should().Be(JournalKinds.ModelVersionRegistered);
        firstHour.Should().OnlyContain(e => e.Actor == "alice").And.HaveCount(entries.Count - 4);
        afterFirstHour.Should().BeEquivalentTo(byBob);
        await audit.Invoking(a => a.QueryAsync(new JournalQuery { MaxResults = 0 }, Ct)).Should().ThrowAsync<MlopsValidationException>();
    }

    [Fact]
    public async Task A_journal_row_edited_in_the_SQLite_file_fails_verification_at_exactly_that_entry()
    {
        var entries = await SeedAsync();
        var target = entries[3];

        await ExecuteOnFileAsync("UPDATE journal SET payload = $payload WHERE sequence = $sequence",
            ("$payload", target.Payload.Replace("first", "forged", StringComparison.Ordinal)), ("$sequence", target.Sequence));
        var result = await Audit().VerifyAsync(Ct);

        result.IsValid.Should().BeFalse();
        result.FirstBrokenSequence.Should().Be(target.Sequence);
        result.Problem.Should().Contain($"entry {target.Sequence}").And.Contain("modified");
        result.EntriesChecked.Should().Be(target.Sequence - 1);
    }

    [Fact]
    public async Task A_journal_row_deleted_from_the_SQLite_file_fails_verification_at_exactly_that_entry()
    {
        var entries = await SeedAsync();

        await ExecuteOnFileAsync("DELETE FROM journal WHERE sequence = $sequence", ("$sequence", 4L));
        var result = await Audit().VerifyAsync(Ct);

        result.IsValid.Should().BeFalse();
        result.FirstBrokenSequence.Should().Be(4);
        result.Problem.Should().Contain("entry 4 is missing");
    }

    [Fact]
    public async Task Deleting_the_last_row_is_found_through_the_recorded_head()
    {
        var entries = await SeedAsync();

        await ExecuteOnFileAsync("DELETE FROM journal WHERE sequence = $sequence", ("$sequence", entries[^1].Sequence));
        var result = await Audit().VerifyAsync(Ct);

        result.IsValid.Should().BeFalse();
        result.FirstBrokenSequence.Should().Be(entries[^1].Sequence);
    }

    [Fact]
    public async Task An_exported_bundle_verifies_offline_and_names_its_head_time_and_exporter()
    {
        var entries = await SeedAsync();
        _time.Advance(TimeSpan.FromMinutes(5));
        using var bundle = new MemoryStream();

        var summary = await Audit("auditor").ExportBundleAsync(bundle, Ct);
        bundle.Position = 0;
        var result = await AuditBundle.VerifyAsync(bundle, cancellationToken: Ct);

        summary.EntryCount.Should().Be(entries.Count);
        summary.Head.Should().Be(new JournalHead(entries[^1].Sequence, entries[^1].Hash));
        result.IsValid.Should().BeTrue(result.Problem);
        result.EntriesChecked.Should().Be(entries.Count);
        result.Head.Should().Be(summary.Head);
        result.ExportedBy.Should().Be("auditor");
        result.ExportedAt.Should().Be(Start.AddHours(1).AddMinutes(5));
        var lines = Lines(bundle);
        lines.Should().HaveCount(entries.Count + 1);
        lines[0].Should().Contain("\"record\":\"entry\"").And.Contain("\"previousHash\":\"" + JournalChain.GenesisHash + "\"");
        lines[^1].Should().Contain("\"record\":\"head\"").And.Contain(AuditBundle.Format);

        // The export itself is on the record, after the head the bundle carries.
        var exported = (await Audit("auditor").QueryAsync(new JournalQuery { Kinds = [JournalKinds.AuditExported] }, Ct)).Should().ContainSingle().Subject;
        exported.Actor.Should().Be("auditor");
        exported.Sequence.Should().Be(entries[^1].Sequence + 1);
        exported.Payload.Should().Contain(FormattableString.Invariant($"\"entries\":{entries.Count}")).And.Contain(entries[^1].Hash);
    }

    [Fact]
    public async Task An_empty_journal_exports_a_bundle_that_verifies()
    {
        using var bundle = new MemoryStream();

        var summary = await Audit().ExportBundleAsync(bundle, Ct);
        bundle.Position = 0;
        var result = await AuditBundle.VerifyAsync(bundle, cancellationToken: Ct);

        summary.EntryCount.Should().Be(0);
        summary.Head.Should().BeNull();
        result.IsValid.Should().BeTrue(result.Problem);
        result.Head.Should().Be(new JournalHead(0, JournalChain.GenesisHash));
    }

    [Theory]
    [InlineData("payload", 3, 3L, "modified")]
    [InlineData("remove", 3, 3L, "entry 3 is missing or out of order")]
    [InlineData("swap", 3, 3L, "out of order")]
    [InlineData("head-hash", 8, 7L, "records hash")]
    [InlineData("head-sequence", 8, 8L, "entry 8 is missing")]
    [InlineData("drop-head", 8, 8L, "no head line")]
    [InlineData("after-head", 9, null, "follows the head")]
    [InlineData("not-json", 5, null, "not JSON")]
    public async Task A_modified_bundle_fails_offline_verification_naming_where(string change, int line, long? sequence, string problem)
    {
        var entries = await SeedAsync();
        entries.Should().HaveCount(7, "the line numbers below assume seven entries and a head");
        using var bundle = new MemoryStream();
        await Audit().ExportBundleAsync(bundle, Ct);
        var lines = Lines(bundle);

        switch (change)
        {
            case "payload": lines[2] = lines[2].Replace("penguins", "puffins", StringComparison.Ordinal); break;
            case "remove": lines.RemoveAt(2); break;
            case "swap": (lines[2], lines[3]) = (lines[3], lines[2]); break;
            case "head-hash": lines[7] = lines[7].Replace(entries[^1].Hash, entries[^2].Hash, StringComparison.Ordinal); break;
            case "head-sequence": lines[7] = lines[7].Replace("\"sequence\":7", "\"sequence\":8", StringComparison.Ordinal); break;
            case "drop-head": lines.RemoveAt(7); break;
            case "after-head": lines.Add(lines[6]); break;
            case "not-json": lines[4] = lines[4][..20]; break;
        }

        var result = await AuditBundle.VerifyAsync(Bundle(lines), cancellationToken: Ct);

        result.IsValid.Should().BeFalse();
        result.FirstBadLine.Should().Be(line);
        result.FirstBadSequence.Should().Be(sequence);
        result.Problem.Should().Contain(problem);
    }

    [Fact]
    public async Task A_bundle_rewritten_with_fresh_hashes_verifies_alone_but_fails_against_a_pinned_head()
    {
        var entries = await SeedAsync();
        using var original = new MemoryStream();
        var pinned = (await Audit().ExportBundleAsync(original, Ct)).Head!;

        // A forger edits entry 2 and recomputes every later hash and the head: internally consistent.
        var forged = new List<JournalEntry>();
        var previous = JournalChain.GenesisHash;
        foreach (var e in entries)
        {
            var payload = e.Sequence == 2 ? e.Payload.Replace("penguins", "puffins", StringComparison.Ordinal) : e.Payload;
            var sealedEntry = JournalChain.Seal(new JournalDraft(e.Kind, e.Subject, e.Actor, e.Timestamp, payload), e.Sequence, previous);
            forged.Add(sealedEntry);
            previous = sealedEntry.Hash;
        }

        var lines = Lines(original);
        for (var i = 0; i < forged.Count; i++)
        {
            lines[i] = lines[i].Replace(entries[i].Payload.Replace("\"", "\\\"", StringComparison.Ordinal), forged[i].Payload.Replace("\"", "\\\"", StringComparison.Ordinal), StringComparison.Ordinal)
                .Replace(entries[i].Hash, forged[i].Hash, StringComparison.Ordinal)
                .Replace("\"previousHash\":\"" + entries[i].PreviousHash, "\"previousHash\":\"" + forged[i].PreviousHash, StringComparison.Ordinal);
        }

        lines[^1] = lines[^1].Replace(entries[^1].Hash, forged[^1].Hash, StringComparison.Ordinal);

        var alone = await AuditBundle.VerifyAsync(Bundle(lines), cancellationToken: Ct);
        var againstPin = await AuditBundle.VerifyAsync(Bundle(lines), pinned, Ct);

        alone.IsValid.Should().BeTrue(alone.Problem);
        againstPin.IsValid.Should().BeFalse();
        againstPin.FirstBadSequence.Should().Be(pinned.Sequence);
        againstPin.Problem.Should().Contain("pinned head");
    }

    [Fact]
    public async Task A_bundle_exported_from_a_tampered_store_fails_offline_at_the_same_entry()
    {
        var entries = await SeedAsync();
        await ExecuteOnFileAsync("UPDATE journal SET actor = 'mallory' WHERE sequence = 5");
        using var bundle = new MemoryStream();

        await Audit().ExportBundleAsync(bundle, Ct);
        bundle.Position = 0;
        var result = await AuditBundle.VerifyAsync(bundle, cancellationToken: Ct);

        result.IsValid.Should().BeFalse();
        result.FirstBadSequence.Should().Be(5);
        result.FirstBadLine.Should().Be(5);
        entries.Should().HaveCountGreaterThan(5);
    }

    private static List<string> Lines(MemoryStream bundle) =>
        Encoding.UTF8.GetString(bundle.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static MemoryStream Bundle(IEnumerable<string> lines) =>
        new(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
}
