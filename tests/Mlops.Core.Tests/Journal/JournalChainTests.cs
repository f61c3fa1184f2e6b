using System.Security.Cryptography;
using System.Text;
using Mlops.Journal;

namespace Mlops.Core.Tests.Journal;

public sealed class JournalChainTests
{
    private static readonly DateTimeOffset At = new(2024, 1, 2, 3, 4, 5, 678, TimeSpan.Zero); // 1704164645678 ms

    private static JournalDraft Draft(string payload = """{"name":"r1"}""", string actor = "alice", DateTimeOffset? at = null) =>
        new(JournalKinds.RunCreated, "run/3f2a", actor, at ?? At, payload);


    [Fact]
    public void GenesisHash_is_64_zeros()
    {
        JournalChain.GenesisHash.Should().Be(new string('0', 64));
    }

    private static string Expected(string previous, params string[] fields)
    {
        // previousHash as ASCII, then each field as a 4-byte big-endian UTF-8 byte count and the bytes.
        using var buffer = new MemoryStream();
        buffer.Write(Encoding.ASCII.GetBytes(previous));
        foreach (var field in fields)
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            buffer.Write([(byte)(bytes.Length >> 24), (byte)(bytes.Length >> 16), (byte)(bytes.Length >> 8), (byte)bytes.Length]);
            buffer.Write(bytes);
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    [Fact]
    public void Seal_hashes_the_previous_hash_followed_by_the_documented_length_prefixed_fields()
    {
        var entry = JournalChain.Seal(Draft(), 1, JournalChain.GenesisHash);

        entry.Hash.Should().Be(Expected(JournalChain.GenesisHash, "mlops.journal.v1", "1", "1704164645678", "run.created", "run/3f2a", "alice", """{"name":"r1"}"""));
        entry.Sequence.Should().Be(1);
        entry.PreviousHash.Should().Be(JournalChain.GenesisHash);
        entry.Hash.Should().MatchRegex("^[0-9a-f]{64}$");
    }

    [Fact]
    public void Canonical_form_needs_no_escaping_for_non_ascii_or_markup()
    {
        var previous = new string('a', 64);

        var entry = JournalChain.Seal(Draft(payload: "<x>&'\"", actor: "zoë"), 42, previous);

        entry.Hash.Should().Be(Expected(previous, "mlops.journal.v1", "42", "1704164645678", "run.created", "run/3f2a", "zoë", "<x>&'\""));
    }

    [Fact]
    public void Moving_text_between_fields_changes_the_hash()
    {
        var a = JournalChain.Seal(new JournalDraft("run.created", "run/ab", "alice", At, "{}"), 1, JournalChain.GenesisHash);
        var b = JournalChain.Seal(new JournalDraft("run.created", "run/a", "balice", At, "{}"), 1, JournalChain.GenesisHash);

        a.Hash.Should().NotBe(b.Hash);
    }

    [Fact]
    public void Seal_truncates_the_timestamp_to_whole_milliseconds_in_utc()
    {
        var local = new DateTimeOffset(2024, 1, 2, 5, 4, 5, 678, TimeSpan.FromHours(2)).AddTicks(9_999);

        var entry = JournalChain.Seal(Draft(at: local), 1, JournalChain.GenesisHash);

        entry.Timestamp.Should().Be(At);
        entry.Timestamp.Offset.Should().Be(TimeSpan.Zero);
        entry.Timestamp.Ticks.Should().Be(At.Ticks);
        entry.Hash.Should().Be(JournalChain.Seal(Draft(), 1, JournalChain.GenesisHash).Hash);
    }

    [Fact]
    public void Seal_is_deterministic_and_ComputeHash_recomputes_the_sealed_hash()
    {
        var first = JournalChain.Seal(Draft(), 7, JournalChain.GenesisHash);
        var again = JournalChain.Seal(Draft(), 7, JournalChain.GenesisHash);

        again.Should().Be(first);
        JournalChain.ComputeHash(first).Should().Be(first.Hash);
    }

    [Fact]
    public void Each_entry_links_to_the_hash_of_the_one_before()
    {
        var first = JournalChain.Seal(Draft(), 1, JournalChain.GenesisHash);
        var second = JournalChain.Seal(Draft(payload: """{"name":"r2"}"""), 2, first.Hash);
        var third = JournalChain.Seal(Draft(payload: """{"name":"r3"}"""), 3, second.Hash);

        second.PreviousHash.Should().Be(first.Hash);
        third.PreviousHash.Should().Be(second.Hash);
        new[] { first.Hash, second.Hash, third.Hash }.Should().OnlyHaveUniqueItems();

        // The same entry after a different predecessor hashes differently: history cannot be spliced.
        JournalChain.Seal(Draft(payload: """{"name":"r3"}"""), 3, first.Hash).Hash.Should().NotBe(third.Hash);
    }

    public static TheoryData<string> Fields => ["sequence", "timestamp", "kind", "subject", "actor", "payload", "previousHash"];

    [Theory]
    [MemberData(nameof(Fields))]
    public void Changing_any_field_changes_the_hash(string field)
    {
        var entry = JournalChain.Seal(Draft(), 5, new string('1', 64));
        var changed = field switch
        {
            "sequence" => entry with { Sequence = 6 },
            "timestamp" => entry with { Timestamp = entry.Timestamp.AddMilliseconds(1) },
            "kind" => entry with { Kind = JournalKinds.RunEnded },
            "subject" => entry with { Subject = "run/3f2b" },
            "actor" => entry with { Actor = "bob" },
            "payload" => entry with { Payload = """{"name":"r1 "}""" },
            _ => entry with { PreviousHash = new string('2', 64) },
        };

        JournalChain.ComputeHash(changed).Should().NotBe(entry.Hash);
    }

    [Fact]
    public void Fields_cannot_be_shifted_between_neighbours_without_changing_the_hash()
    {
        // A JSON array with quoted strings keeps field boundaries: "ab","c" differs from "a","bc".
        var one = JournalChain.Seal(new JournalDraft("ab", "c", "x", At, "{}"), 1, JournalChain.GenesisHash);
        var other = JournalChain.Seal(new JournalDraft("a", "bc", "x", At, "{}"), 1, JournalChain.GenesisHash);

        one.Hash.Should().NotBe(other.Hash);
    }

    [Fact]
    public void Seal_guards_its_arguments()
    {
        var noDraft = () => JournalChain.Seal(null!, 1, JournalChain.GenesisHash);
        var noPrevious = () => JournalChain.Seal(Draft(), 1, "");
        var noEntry = () => JournalChain.ComputeHash(null!);

        noDraft.Should().Throw<ArgumentNullException>();
        noPrevious.Should().Throw<ArgumentException>();
        noEntry.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void TruncateToMilliseconds_drops_sub_millisecond_ticks()
    {
        JournalChain.TruncateToMilliseconds(At.AddTicks(9_999)).Should().Be(At);
        JournalChain.TruncateToMilliseconds(At).Should().Be(At);
    }
}
