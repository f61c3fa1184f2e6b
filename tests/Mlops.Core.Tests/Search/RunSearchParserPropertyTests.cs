using Mlops.Search;
using Mlops.Search.Parsing;

namespace Mlops.Core.Tests.Search;

/// <summary>Seeded, deterministic property tests: the parser only ever succeeds or throws <see cref="SearchParseException"/>.</summary>
public sealed class RunSearchParserPropertyTests
{
    private const int Iterations = 12_000;

    /// <summary>Parses the text both as a filter and as an order-by term; returns how many succeeded.</summary>
    private static int ParseBothWays(string text)
    {
        var parsed = 0;
        foreach (var parse in new Action[] { () => RunSearchParser.ParseFilter(text), () => RunSearchParser.ParseOrderBy([text]) })
        {
            try
            {
                parse();
                parsed++;
            }
            catch (SearchParseException error)
            {
                error.Input.Should().Be(text);
                error.Position.Should().BeInRange(0, text.Length, "the position must lie within the input: {0}", text);
                error.Expected.Should().NotBeNullOrWhiteSpace();
            }
            catch (Exception other)
            {
                throw new Xunit.Sdk.XunitException(
                    $"Parsing \"{text.Replace("\"", "\\\"", StringComparison.Ordinal)}\" threw {other.GetType().Name}: {other.Message}");
            }
        }

        return parsed;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Fuzz_RandomTokenSoup_OnlyParsesOrThrowsSearchParseException(int seed)
    {
        var generator = new SearchFilterGenerator(seed);
        for (var i = 0; i < Iterations; i++)
        {
            ParseBothWays(generator.TokenSoup());
        }
    }

    [Fact]
    public void Fuzz_RandomUnicode_OnlyParsesOrThrowsSearchParseException()
    {
        var generator = new SearchFilterGenerator(42);
        for (var i = 0; i < Iterations; i++)
        {
            ParseBothWays(generator.RandomUnicode(generator.Random.Next(0, 80)));
        }
    }

    [Fact]
    public void Fuzz_MutatedValidFilters_OnlyParseOrThrowSearchParseException()
    {
        var generator = new SearchFilterGenerator(7);
        var parsedCount = 0;
        for (var i = 0; i < Iterations; i++)
        {
            parsedCount += ParseBothWays(generator.Mutate(generator.ValidFilterText()));
        }

        // Some mutations keep the filter valid, most break it: both paths were exercised.
        parsedCount.Should().BeInRange(1, (2 * Iterations) - 1);
    }

    [Fact]
    public void Fuzz_PathologicalShapes_OnlyThrowSearchParseException()
    {
        string[] inputs =
        [
            new string('(', RunSearchParser.MaxInputLength),
            new string(')', 5000),
            new string('\'', 9999),
            "params.p = '" + new string('\'', 9000),
            "metrics.a > " + new string('9', 9000),
            "metrics.a > 0." + new string('0', 9000) + "1",
            string.Concat(Enumerable.Repeat("metrics.a > 1 AND ", 555)) + "metrics.a > 1",
            string.Concat(Enumerable.Repeat("(", 63)) + "metrics.a > 1" + string.Concat(Enumerable.Repeat(" OR metrics.b < 2)", 63)),
            new string('a', RunSearchParser.MaxInputLength + 1),
            "\uD800", "\uDFFF", "\0", "metrics.\0 > 1", "metrics.`\uD800` > 1", "params.x = '\uD800'",
        ];
        foreach (var input in inputs)
        {
            ParseBothWays(input);
        }
    }

    [Fact]
    public void Literals_WithQuotesAndSql_RoundTripVerbatimAndNeverChangeTheQueryShape()
    {
        var generator = new SearchFilterGenerator(11);
        for (var i = 0; i < 3000; i++)
        {
            var value = generator.NastyValue();
            var quote = generator.Random.Next(2) == 0 ? "'" : "\"";
            var literal = quote + value.Replace(quote, quote + quote, StringComparison.Ordinal) + quote;
            var key = generator.Key();
            var filter = $"params.`{key}` = {literal} AND tags.t != {literal}";

            var parsed = RunSearchParser.ParseFilter(filter);

            parsed.Should().Be(new AndExpression(
                new ComparisonExpression(new SearchField(SearchEntity.Param, key), ComparisonOperator.Equal, value),
                new ComparisonExpression(new SearchField(SearchEntity.Tag, "t"), ComparisonOperator.NotEqual, value)));
        }
    }

    [Theory]
    [InlineData("' OR 1=1 --")]
    [InlineData("\"; DROP TABLE runs; --")]
    [InlineData("x' OR params.y = 'z")]
    public void Literals_KnownInjections_StayOneLiteral(string value)
    {
        var single = $"params.p = '{value.Replace("'", "''", StringComparison.Ordinal)}'";
        var dbl = $"params.p = \"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
        var expected = new ComparisonExpression(new SearchField(SearchEntity.Param, "p"), ComparisonOperator.Equal, value);
        RunSearchParser.ParseFilter(single).Should().Be(expected);
        RunSearchParser.ParseFilter(dbl).Should().Be(expected);
    }

    [Theory]
    [InlineData("params.p = '' OR 1=1 --'")]
    [InlineData("params.p = 'x'; DROP TABLE runs; --")]
    public void Literals_UnescapedInjections_AreParseErrors(string filter) =>
        FluentActions.Invoking(() => RunSearchParser.ParseFilter(filter)).Should().Throw<SearchParseException>();

    [Fact]
    public void GeneratedFilters_PrintAndReparse_ToEqualTrees()
    {
        var generator = new SearchFilterGenerator(2024);
        for (var i = 0; i < 5000; i++)
        {
            var expression = generator.Expression(generator.Random.Next(0, 6));
            var text = SearchTextPrinter.Print(expression);

            var reparsed = RunSearchParser.ParseFilter(text);

            reparsed.Should().Be(expression, "\"{0}\" should parse back to the tree it was printed from", text);
        }
    }

    [Fact]
    public void GeneratedOrderByTerms_PrintAndReparse_ToEqualTerms()
    {
        var generator = new SearchFilterGenerator(99);
        for (var i = 0; i < 2000; i++)
        {
            var terms = Enumerable.Range(0, generator.Random.Next(1, 4))
                .Select(_ => new OrderByTerm(generator.Field(), generator.Random.Next(2) == 0))
                .ToList();

            var reparsed = RunSearchParser.ParseOrderBy(terms.Select(SearchTextPrinter.Print));

            reparsed.Should().Equal(terms);
        }
    }
}
