using Mlops.Storage.PostgreSql.Search;
using Mlops.Storage.PostgreSql.Tests.TestSupport;
using Npgsql;

namespace Mlops.Storage.PostgreSql.Tests;

/// <summary>The LIKE/ILIKE translation, checked by the server's own regex engine (not by string comparison).</summary>
public sealed class PostgreSqlDialectTests
{
    [Theory]
    [InlineData("a%", "abc", true, true)]
    [InlineData("a%", "Abc", true, false)]
    [InlineData("a%", "Abc", false, true)]
    [InlineData("a_c", "abc", true, true)]
    [InlineData("a_c", "abbc", true, false)]
    [InlineData("%.%", "x.y", true, true)]
    [InlineData("%.%", "xy", true, false)]
    [InlineData("a[b]*(c)?\\d$^|+{1}", "a[b]*(c)?\\d$^|+{1}", true, true)]
    [InlineData("ÉTÉ%", "été 2024", false, true)]
    [InlineData("ÉTÉ%", "été 2024", true, false)]
    [InlineData("%", "line\nbreak", true, true)]
    [InlineData("straße", "STRASSE", false, false)]
    public async Task TranslatePattern_MatchesLikeLikeSemantics(string pattern, string value, bool caseSensitive, bool expected)
    {
        var regex = PostgreSqlDialect.Instance.TranslatePattern(pattern, caseSensitive);
        await using var connection = new NpgsqlConnection(TestServer.RequireConnectionString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand($"SELECT (@value COLLATE \"C\") {PostgreSqlDialect.Instance.PatternMatch(string.Empty, "@p")}", connection);
        command.Parameters.AddWithValue("value", value);
        command.Parameters.AddWithValue("p", regex);

        (await command.ExecuteScalarAsync(TestContext.Current.CancellationToken)).Should().Be(expected, $"pattern {pattern} became {regex}");
    }
}
