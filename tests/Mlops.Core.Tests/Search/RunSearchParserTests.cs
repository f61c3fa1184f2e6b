using Mlops.Search;

namespace Mlops.Core.Tests.Search;

public sealed class RunSearchParserTests
{
    private static ComparisonExpression Metric(string key, ComparisonOperator op, double value) =>
        new(new SearchField(SearchEntity.Metric, key), op, value);

    private static ComparisonExpression Param(string key, ComparisonOperator op, string value) =>
        new(new SearchField(SearchEntity.Param, key), op, value);

    private static ComparisonExpression Tag(string key, ComparisonOperator op, string value) =>
        new(new SearchField(SearchEntity.Tag, key), op, value);

    private static ComparisonExpression Attribute(string key, ComparisonOperator op, object value) =>
        new(new SearchField(SearchEntity.Attribute, key), op, value);

    private static SearchParseException ParseError(string filter) =>
        FluentActions.Invoking(() => RunSearchParser.ParseFilter(filter)).Should().Throw<SearchParseException>().Which;

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    public void ParseFilter_NullOrWhitespace_ReturnsNull(string? filter) =>
        RunSearchParser.ParseFilter(filter).Should().BeNull();

    [Theory]
    [InlineData("=", ComparisonOperator.Equal)]
    [InlineData("!=", ComparisonOperator.NotEqual)]
    [InlineData("<", ComparisonOperator.LessThan)]
    [InlineData("<=", ComparisonOperator.LessThanOrEqual)]
    [InlineData(">", ComparisonOperator.GreaterThan)]
    [InlineData(">=", ComparisonOperator.GreaterThanOrEqual)]
    public void ParseFilter_MetricWithEachNumericOperator_ParsesDouble(string op, ComparisonOperator expected) =>
        RunSearchParser.ParseFilter($"metrics.accuracy {op} 0.9").Should().Be(Metric("accuracy", expected, 0.9));

    [Theory]
    [InlineData("=", ComparisonOperator.Equal)]
    [InlineData("!=", ComparisonOperator.NotEqual)]
    [InlineData("LIKE", ComparisonOperator.Like)]
    [InlineData("like", ComparisonOperator.Like)]
    [InlineData("ILIKE", ComparisonOperator.ILike)]
    [InlineData("iLiKe", ComparisonOperator.ILike)]
    public void ParseFilter_ParamWithEachStringOperator_ParsesString(string op, ComparisonOperator expected) =>
        RunSearchParser.ParseFilter($"params.model {op} 'tree%'").Should().Be(Param("model", expected, "tree%"));

    [Fact]
    public void ParseFilter_TagWithDoubleQuotedString_ParsesString() =>
        RunSearchParser.ParseFilter("tags.team = \"ml platform\"").Should().Be(Tag("team", ComparisonOperator.Equal, "ml platform"));

    [Theory]
    [InlineData("metric.acc > 1", SearchEntity.Metric)]
    [InlineData("METRICS.acc > 1", SearchEntity.Metric)]
    [InlineData("param.acc = 'x'", SearchEntity.Param)]
    [InlineData("tag.acc = 'x'", SearchEntity.Tag)]
    [InlineData("Tags.acc = 'x'", SearchEntity.Tag)]
    public void ParseFilter_SingularAndCaseVariantPrefixes_AreAliases(string filter, SearchEntity entity) =>
        RunSearchParser.ParseFilter(filter).As<ComparisonExpression>().Field.Should().Be(new SearchField(entity, "acc"));

    [Theory]
    [InlineData("attributes.status = 'FINISHED'")]
    [InlineData("attribute.status = 'FINISHED'")]
    [InlineData("status = 'FINISHED'")]
    [InlineData("STATUS = 'FINISHED'")]
    [InlineData("attributes.`status` = 'FINISHED'")]
    public void ParseFilter_StatusAttribute_WithOrWithoutPrefix(string filter) =>
        RunSearchParser.ParseFilter(filter).Should().Be(Attribute(RunAttributes.Status, ComparisonOperator.Equal, "FINISHED"));

    [Fact]
    public void ParseFilter_EveryAttributeName_IsAccepted()
    {
        foreach (var attribute in RunAttributes.All)
        {
            var literal = RunAttributes.IsNumeric(attribute) ? "5" : "'5'";
            object value = RunAttributes.IsNumeric(attribute) ? 5.0 : "5";
            RunSearchParser.ParseFilter($"attributes.{attribute} = {literal}").Should().Be(Attribute(attribute, ComparisonOperator.Equal, value));
            RunSearchParser.ParseFilter($"{attribute} != {literal}").Should().Be(Attribute(attribute, ComparisonOperator.NotEqual, value));
        }
    }

    [Fact]
    public void ParseFilter_NumericAttribute_TakesNumbersAndOrdering() =>
        RunSearchParser.ParseFilter("start_time >= 1700000000000").Should()
            .Be(Attribute(RunAttributes.StartTime, ComparisonOperator.GreaterThanOrEqual, 1_700_000_000_000d));

    [Theory]
    [InlineData("1", 1d)]
    [InlineData("-1.5", -1.5)]
    [InlineData("+2", 2d)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5d)]
    [InlineData("1e3", 1000d)]
    [InlineData("1.5E-3", 0.0015)]
    [InlineData("-2e+2", -200d)]
    [InlineData("0", 0d)]
    public void ParseFilter_NumberFormats_ParseInvariantly(string literal, double expected) =>
        RunSearchParser.ParseFilter($"metrics.m = {literal}").Should().Be(Metric("m", ComparisonOperator.Equal, expected));

    [Fact]
    public void ParseFilter_NumbersIgnoreCurrentCulture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            RunSearchParser.ParseFilter("metrics.m > 1.25").Should().Be(Metric("m", ComparisonOperator.GreaterThan, 1.25));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData("metrics.`my key` > 1", "my key")]
    [InlineData("metrics.\"my key\" > 1", "my key")]
    [InlineData("metrics.train/loss-v2.final > 1", "train/loss-v2.final")]
    [InlineData("metrics.ácc_ж > 1", "ácc_ж")]
    [InlineData("metrics.`a.b/c d` > 1", "a.b/c d")]
    public void ParseFilter_Keys_UnquotedOrQuoted(string filter, string key) =>
        RunSearchParser.ParseFilter(filter).As<ComparisonExpression>().Field.Should().Be(new SearchField(SearchEntity.Metric, key));

    [Theory]
    [InlineData("params.p = 'it''s'", "it's")]
    [InlineData("params.p = \"say \"\"hi\"\"\"", "say \"hi\"")]
    [InlineData("params.p = \"it's\"", "it's")]
    [InlineData("params.p = 'say \"hi\"'", "say \"hi\"")]
    [InlineData("params.p = ''", "")]
    [InlineData("params.p = 'a AND b OR (c)'", "a AND b OR (c)")]
    public void ParseFilter_StringLiterals_UnescapeDoubledQuotes(string filter, string value) =>
        RunSearchParser.ParseFilter(filter).Should().Be(Param("p", ComparisonOperator.Equal, value));

    [Fact]
    public void ParseFilter_AndBindsTighterThanOr()
    {
        var a = Metric("a", ComparisonOperator.GreaterThan, 1);
        var b = Metric("b", ComparisonOperator.GreaterThan, 2);
        var c = Metric("c", ComparisonOperator.GreaterThan, 3);
        RunSearchParser.ParseFilter("metrics.a > 1 OR metrics.b > 2 AND metrics.c > 3").Should()
            .Be(new OrExpression(a, new AndExpression(b, c)));
        RunSearchParser.ParseFilter("metrics.a > 1 AND metrics.b > 2 OR metrics.c > 3").Should()
            .Be(new OrExpression(new AndExpression(a, b), c));
    }

    [Fact]
    public void ParseFilter_ParenthesesOverridePrecedence()
    {
        var a = Metric("a", ComparisonOperator.GreaterThan, 1);
        var b = Metric("b", ComparisonOperator.GreaterThan, 2);
        var c = Metric("c", ComparisonOperator.GreaterThan, 3);
        RunSearchParser.ParseFilter("(metrics.a > 1 OR metrics.b > 2) AND metrics.c > 3").Should()
            .Be(new AndExpression(new OrExpression(a, b), c));
        RunSearchParser.ParseFilter("((((metrics.a > 1))))").Should().Be(a);
    }

    [Fact]
    public void ParseFilter_ChainsAreLeftAssociative()
    {
        var a = Metric("a", ComparisonOperator.Equal, 1);
        var b = Metric("b", ComparisonOperator.Equal, 2);
        var c = Metric("c", ComparisonOperator.Equal, 3);
        RunSearchParser.ParseFilter("metrics.a = 1 and metrics.b = 2 AnD metrics.c = 3").Should()
            .Be(new AndExpression(new AndExpression(a, b), c));
        RunSearchParser.ParseFilter("metrics.a = 1 or metrics.b = 2 OR metrics.c = 3").Should()
            .Be(new OrExpression(new OrExpression(a, b), c));
    }

    [Fact]
    public void ParseFilter_WhitespaceIsOptionalAroundOperatorsAndParentheses() =>
        RunSearchParser.ParseFilter("(metrics.a>=1)AND(params.b='x')\n\tOR\ttags.c!=\"y\"").Should().Be(
            new OrExpression(
                new AndExpression(Metric("a", ComparisonOperator.GreaterThanOrEqual, 1), Param("b", ComparisonOperator.Equal, "x")),
                Tag("c", ComparisonOperator.NotEqual, "y")));

    [Theory]
    [InlineData("metrics.a 1", 10, "a comparison operator (=, !=, <, <=, >, >=, LIKE, ILIKE)")]
    [InlineData("params.a IN ('x')", 9, "a comparison operator (=, !=, <, <=, >, >=, LIKE, ILIKE)")]
    [InlineData("metrics.a", 9, "a comparison operator (=, !=, <, <=, >, >=, LIKE, ILIKE)")]
    [InlineData("metrics.a == 1", 11, "a number for metrics.a")]
    [InlineData("metrics.a => 1", 11, "a number for metrics.a")]
    [InlineData("params.a <> 'x'", 9, "a string comparison operator (=, !=, LIKE, ILIKE) for params.a")]
    public void ParseFilter_MissingOrUnknownOperator_SaysWhatWasExpected(string filter, int position, string expected)
    {
        var error = ParseError(filter);
        error.Position.Should().Be(position);
        error.Expected.Should().Be(expected);
    }

    [Theory]
    [InlineData("foo.bar = 1", 0)]
    [InlineData("accuracy > 1", 0)]
    [InlineData("metrics.a > 1 AND", 17)]
    [InlineData("metrics.a > 1 AND ()", 19)]
    [InlineData("= 1", 0)]
    [InlineData("run.status = 'x'", 0)]
    public void ParseFilter_UnknownField_ExpectsAField(string filter, int position)
    {
        var error = ParseError(filter);
        error.Position.Should().Be(position);
        error.Expected.Should().StartWith("a field (metrics.KEY");
    }

    [Fact]
    public void ParseFilter_UnknownAttribute_ListsTheValidOnes()
    {
        var error = ParseError("attributes.color = 'red'");
        error.Position.Should().Be(11);
        foreach (var attribute in RunAttributes.All)
        {
            error.Expected.Should().Contain(attribute);
        }
    }

    [Theory]
    [InlineData("metrics.`a$b` > 1", 8)]
    [InlineData("metrics.`/abs` > 1", 8)]
    [InlineData("params.`../x` = 'y'", 7)]
    [InlineData("tags.`` = 'y'", 5)]
    public void ParseFilter_InvalidKey_IsAParseErrorAtTheKey(string filter, int position)
    {
        var error = ParseError(filter);
        error.Position.Should().Be(position);
        error.Expected.Should().Contain("valid");
    }

    [Fact]
    public void ParseFilter_KeyLongerThanTheLimit_IsAParseError() =>
        ParseError($"metrics.{new string('k', InputRules.MaxKeyLength + 1)} > 1").Expected.Should().Contain("250");

    [Fact]
    public void ParseFilter_MetricWithString_ExpectsANumber()
    {
        var error = ParseError("metrics.acc = '0.9'");
        error.Position.Should().Be(14);
        error.Expected.Should().Be("a number for metrics.acc");
    }

    [Fact]
    public void ParseFilter_ParamWithNumber_ExpectsAQuotedString()
    {
        var error = ParseError("params.lr = 0.1");
        error.Position.Should().Be(12);
        error.Expected.Should().Be("a quoted string for params.lr");
    }

    [Theory]
    [InlineData("params.lr < 'x'")]
    [InlineData("tags.t >= 'x'")]
    [InlineData("status > 'x'")]
    public void ParseFilter_OrderingOperatorOnString_IsRefused(string filter) =>
        ParseError(filter).Expected.Should().StartWith("a string comparison operator (=, !=, LIKE, ILIKE)");

    [Theory]
    [InlineData("metrics.acc LIKE 1")]
    [InlineData("start_time ILIKE 1")]
    public void ParseFilter_LikeOnNumber_IsRefused(string filter) =>
        ParseError(filter).Expected.Should().StartWith("a numeric comparison operator (=, !=, <, <=, >, >=)");

    [Theory]
    [InlineData("params.p = 'abc")]
    [InlineData("params.p = \"abc")]
    [InlineData("params.p = 'it''")]
    [InlineData("metrics.`abc > 1")]
    public void ParseFilter_UnterminatedQuote_ErrorsAtTheEnd(string filter)
    {
        var error = ParseError(filter);
        error.Position.Should().Be(filter.Length);
        error.Expected.Should().StartWith("a closing ");
    }

    [Fact]
    public void ParseFilter_MissingClosingParenthesis_ExpectsIt()
    {
        var error = ParseError("(metrics.a > 1 AND metrics.b > 2");
        error.Position.Should().Be(32);
        error.Expected.Should().Be("AND, OR or ')'");
    }

    [Fact]
    public void ParseFilter_ExtraClosingParenthesis_ExpectsEndOfInput()
    {
        var error = ParseError("metrics.a > 1)");
        error.Position.Should().Be(13);
        error.Expected.Should().Be("AND, OR or end of input");
    }

    [Theory]
    [InlineData("metrics.a > NaN")]
    [InlineData("metrics.a > Infinity")]
    [InlineData("metrics.a > -inf")]
    [InlineData("metrics.a > 1e999")]
    [InlineData("metrics.a > -")]
    [InlineData("metrics.a > 1e")]
    [InlineData("metrics.a > 1.2.3")]
    [InlineData("metrics.a > 12abc")]
    [InlineData("metrics.a > 0x10")]
    public void ParseFilter_NonFiniteOrMalformedNumbers_AreRefused(string filter) =>
        ParseError(filter).Position.Should().BeGreaterThanOrEqualTo(12);

    [Fact]
    public void ParseFilter_JunkAfterAComparison_ExpectsAndOrEnd()
    {
        var error = ParseError("params.a = 'x' ORtags.b = 'y'");
        error.Position.Should().Be(15);
        error.Expected.Should().Be("AND, OR or end of input");
    }

    [Fact]
    public void ParseFilter_NestingUpToTheLimit_Parses()
    {
        var depth = RunSearchParser.MaxNestingDepth;
        var filter = new string('(', depth) + "metrics.a > 1" + new string(')', depth);
        RunSearchParser.ParseFilter(filter).Should().Be(Metric("a", ComparisonOperator.GreaterThan, 1));
    }

    [Fact]
    public void ParseFilter_NestingBeyondTheLimit_IsAParseError()
    {
        var depth = RunSearchParser.MaxNestingDepth + 1;
        var error = ParseError(new string('(', depth) + "metrics.a > 1" + new string(')', depth));
        error.Position.Should().Be(RunSearchParser.MaxNestingDepth);
        error.Expected.Should().Contain("nested parentheses");
    }

    [Fact]
    public void ParseFilter_HugeNesting_NeverOverflowsTheStack() =>
        ParseError(new string('(', 9_000)).Expected.Should().Contain("nested parentheses");

    [Fact]
    public void ParseFilter_InputLongerThanTheLimit_IsAParseError()
    {
        var filter = "metrics.a > 1" + string.Concat(Enumerable.Repeat(" OR metrics.a > 1", 1000));
        var error = ParseError(filter);
        error.Position.Should().Be(RunSearchParser.MaxInputLength);
        error.Expected.Should().Contain("10000");
    }

    [Fact]
    public void ParseFilter_ErrorMessage_NamesPositionAndExpectation()
    {
        var error = ParseError("params.lr = 0.1");
        error.Message.Should().Contain("position 12").And.Contain("a quoted string for params.lr").And.Contain("params.lr = 0.1");
        error.Input.Should().Be("params.lr = 0.1");
    }

    [Fact]
    public void ParseOrderBy_NullOrEmpty_ReturnsEmpty()
    {
        RunSearchParser.ParseOrderBy(null).Should().BeEmpty();
        RunSearchParser.ParseOrderBy([]).Should().BeEmpty();
    }

    [Fact]
    public void ParseOrderBy_Terms_DefaultAscending() =>
        RunSearchParser.ParseOrderBy(["metrics.acc DESC", "params.lr", "attributes.start_time asc", "tags.`my tag` desc", " run_name "])
            .Should().Equal(
                new OrderByTerm(new SearchField(SearchEntity.Metric, "acc"), true),
                new OrderByTerm(new SearchField(SearchEntity.Param, "lr"), false),
                new OrderByTerm(new SearchField(SearchEntity.Attribute, RunAttributes.StartTime), false),
                new OrderByTerm(new SearchField(SearchEntity.Tag, "my tag"), true),
                new OrderByTerm(new SearchField(SearchEntity.Attribute, RunAttributes.RunName), false));

    [Theory]
    [InlineData("metrics.acc DOWN", 12, "ASC, DESC or end of input")]
    [InlineData("metrics.acc DESC x", 17, "end of input")]
    [InlineData("", 0, "an order-by term: a field, then optionally ASC or DESC")]
    [InlineData("  ", 0, "an order-by term: a field, then optionally ASC or DESC")]
    [InlineData("DESC", 0, "a field (metrics.KEY, params.KEY, tags.KEY, attributes.NAME or an attribute name)")]
    [InlineData("metrics.acc > 1", 12, "ASC, DESC or end of input")]
    public void ParseOrderBy_MalformedTerm_IsAParseError(string term, int position, string expected)
    {
        var error = FluentActions.Invoking(() => RunSearchParser.ParseOrderBy([term])).Should().Throw<SearchParseException>().Which;
        error.Position.Should().Be(position);
        error.Expected.Should().Be(expected);
    }

    [Fact]
    public void ParseOrderBy_NullTerm_IsAParseError() =>
        FluentActions.Invoking(() => RunSearchParser.ParseOrderBy([null!])).Should().Throw<SearchParseException>();

    [Fact]
    public void ParseOrderBy_MissingKey_IsAParseError() =>
        FluentActions.Invoking(() => RunSearchParser.ParseOrderBy(["metrics."])).Should().Throw<SearchParseException>()
            .Which.Position.Should().Be(8);
}
