using System.Text.Json;
using Mlops.Journal;

namespace Mlops.Core.Tests.Journal;

public sealed class JournalPayloadTests
{
    [Fact]
    public void No_properties_give_an_empty_object()
    {
        JournalPayload.Create().Should().Be("{}");
    }

    [Fact]
    public void Properties_are_written_compactly_in_the_order_given()
    {
        var payload = JournalPayload.Create(("z", "last first"), ("a", 1), ("m", true), ("n", null), ("l", 5_000_000_000L), ("d", 0.5));

        payload.Should().Be("""{"z":"last first","a":1,"m":true,"n":null,"l":5000000000,"d":0.5}""");
    }

    [Fact]
    public void Timestamps_are_written_as_round_trip_utc_strings()
    {
        var at = new DateTimeOffset(2024, 1, 2, 5, 4, 5, 678, TimeSpan.FromHours(2));

        var payload = JournalPayload.Create(("at", at));

        using var json = JsonDocument.Parse(payload);
        json.RootElement.GetProperty("at").GetString().Should().Be("2024-01-02T03:04:05.6780000+00:00");
    }

    [Fact]
    public void Non_finite_doubles_and_other_values_are_written_as_invariant_strings()
    {
        var payload = JournalPayload.Create(("nan", double.NaN), ("inf", double.PositiveInfinity), ("m", 1.5m),
            ("id", Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff")));

        using var json = JsonDocument.Parse(payload);
        json.RootElement.GetProperty("nan").GetString().Should().Be("NaN");
        json.RootElement.GetProperty("inf").GetString().Should().Be("Infinity");
        json.RootElement.GetProperty("m").GetString().Should().Be("1.5");
        json.RootElement.GetProperty("id").GetString().Should().Be("6f9619ff-8b86-d011-b42d-00cf4fc964ff");
    }

    [Fact]
    public void Strings_with_quotes_and_non_ascii_are_escaped_and_round_trip()
    {
        const string Tricky = "say \"hi\" <b>zoë</b>\n\\";

        var payload = JournalPayload.Create((Tricky, Tricky));

        using var json = JsonDocument.Parse(payload);
        json.RootElement.GetProperty(Tricky).GetString().Should().Be(Tricky);
        payload.Should().NotContain("\n");
    }
}
