using System.Globalization;
using System.Text;

namespace Mlops.Search.Parsing;

/// <summary>
/// A hand-written recursive-descent parser over the raw text. Every failure is a <see cref="SearchParseException"/>:
/// lookahead goes through <see cref="Peek(int)"/>, which never reads past the end, and nesting is capped so that no
/// input can overflow the stack.
/// </summary>
internal sealed class SearchTextParser
{
    internal const int MaxInputLength = 10_000;
    internal const int MaxNestingDepth = 64;

    internal const string OperatorExpected = "a comparison operator (=, !=, <, <=, >, >=, LIKE, ILIKE)";

    private const char End = '\0';

    private readonly string text;
    private readonly SearchLanguage language;
    private int position;

    private SearchTextParser(string text, SearchLanguage language)
    {
        this.text = text;
        this.language = language;
    }

    private bool AtEnd => position >= text.Length;

    internal static FilterExpression ParseFilter(string text, SearchLanguage language)
    {
        var parser = Create(text, language);
        var expression = parser.ParseOr(depth: 0);
        parser.SkipWhitespace();
        if (!parser.AtEnd)
        {
            throw parser.Error("AND, OR or end of input");
        }

        return expression;
    }

    internal static OrderByTerm ParseOrderByTerm(string? text, SearchLanguage language)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new SearchParseException(text ?? string.Empty, 0, "an order-by term: a field, then optionally ASC or DESC");
        }

        var parser = Create(text, language);
        var field = parser.ParseField();
        var descending = false;
        parser.SkipWhitespace();
        if (!parser.AtEnd)
        {
            var start = parser.position;
            var word = parser.ReadWord();
            if (word.Equals("DESC", StringComparison.OrdinalIgnoreCase))
            {
                descending = true;
            }
            else if (!word.Equals("ASC", StringComparison.OrdinalIgnoreCase))
            {
                parser.position = start;
                throw parser.Error("ASC, DESC or end of input");
            }

            parser.SkipWhitespace();
            if (!parser.AtEnd)
            {
                throw parser.Error("end of input");
            }
        }

        return new OrderByTerm(field, descending);
    }

    private static SearchTextParser Create(string text, SearchLanguage language)
    {
        if (text.Length > MaxInputLength)
        {
            throw new SearchParseException(text, MaxInputLength, $"at most {MaxInputLength} characters of input");
        }

        return new SearchTextParser(text, language);
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static bool IsKeyChar(char c) => IsWordChar(c) || c is '.' or '-' or '/';

    private string? FindAttribute(string name)
    {
        foreach (var attribute in language.Attributes)
        {
            if (attribute.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return attribute;
            }
        }

        return null;
    }

    private static SearchEntity? ParseEntity(string prefix) => prefix.ToUpperInvariant() switch
    {
        "METRICS" or "METRIC" => SearchEntity.Metric,
        "PARAMS" or "PARAM" => SearchEntity.Param,
        "TAGS" or "TAG" => SearchEntity.Tag,
        "ATTRIBUTES" or "ATTRIBUTE" => SearchEntity.Attribute,
        _ => null,
    };

    private FilterExpression ParseOr(int depth)
    {
        var left = ParseAnd(depth);
        while (TryKeyword("OR"))
        {
            left = new OrExpression(left, ParseAnd(depth));
        }

        return left;
    }

    private FilterExpression ParseAnd(int depth)
    {
        var left = ParseFactor(depth);
        while (TryKeyword("AND"))
        {
            left = new AndExpression(left, ParseFactor(depth));
        }

        return left;
    }

    private FilterExpression ParseFactor(int depth)
    {
        SkipWhitespace();
        if (Peek() != '(')
        {
            return ParseComparison();
        }

        if (depth >= MaxNestingDepth)
        {
            throw Error($"at most {MaxNestingDepth} nested parentheses");
        }

        position++;
        var inner = ParseOr(depth + 1);
        SkipWhitespace();
        if (Peek() != ')')
        {
            throw Error("AND, OR or ')'");
        }

        position++;
        return inner;
    }

    private ComparisonExpression ParseComparison()
    {
        var field = ParseField();
        SkipWhitespace();
        var operatorStart = position;
        var op = ParseOperator();
        var numeric = language.IsNumeric(field);
        if (numeric && op is ComparisonOperator.Like or ComparisonOperator.ILike)
        {
            position = operatorStart;
            throw Error($"a numeric comparison operator (=, !=, <, <=, >, >=) for {field}");
        }

        if (!numeric && op is ComparisonOperator.LessThan or ComparisonOperator.LessThanOrEqual
            or ComparisonOperator.GreaterThan or ComparisonOperator.GreaterThanOrEqual)
        {
            position = operatorStart;
            throw Error($"a string comparison operator (=, !=, LIKE, ILIKE) for {field}");
        }

        SkipWhitespace();
        object value = numeric ? ParseNumber(field) : ParseString(field);
        return new ComparisonExpression(field, op, value);
    }

    private SearchField ParseField()
    {
        SkipWhitespace();
        var start = position;
        var word = ReadWord();
        if (word.Length == 0)
        {
            throw Error(language.FieldExpected);
        }

        if (Peek() != '.')
        {
            var bare = FindAttribute(word);
            if (bare is null)
            {
                position = start;
                throw Error(language.FieldExpected);
            }

            return new SearchField(SearchEntity.Attribute, bare);
        }

        if (ParseEntity(word) is not { } entity || !language.Allows(entity))
        {
            position = start;
            throw Error(language.FieldExpected);
        }

        position++;
        var keyStart = position;
        var key = ReadKey(entity);
        if (entity == SearchEntity.Attribute)
        {
            var attribute = FindAttribute(key);
            if (attribute is null)
            {
                position = keyStart;
                throw Error($"an attribute name ({string.Join(", ", language.Attributes)})");
            }

            return new SearchField(SearchEntity.Attribute, attribute);
        }

        if (!InputRules.IsValidKey(key))
        {
            position = keyStart;
            throw Error($"a valid {EntityName(entity)} key (1 to {InputRules.MaxKeyLength} letters, digits, '_', '-', '.', '/' or spaces, " +
                "not starting with '/', no '..' segment)");
        }

        return new SearchField(entity, key);
    }

    private string ReadKey(SearchEntity entity)
    {
        var c = Peek();
        if (c is '`' or '"')
        {
            return ReadQuoted(c, "key");
        }

        var start = position;
        while (!AtEnd && IsKeyChar(text[position]))
        {
            position++;
        }

        if (position == start)
        {
            throw Error(entity == SearchEntity.Attribute
                ? $"an attribute name ({string.Join(", ", language.Attributes)})"
                : $"a {EntityName(entity)} key after '.' (letters, digits, '_', '-', '.', '/', or a `quoted key`)");
        }

        return text[start..position];
    }

    private ComparisonOperator ParseOperator()
    {
        switch (Peek())
        {
            case '=':
                position++;
                return ComparisonOperator.Equal;
            case '!' when Peek(1) == '=':
                position += 2;
                return ComparisonOperator.NotEqual;
            case '<':
                position++;
                return TryChar('=') ? ComparisonOperator.LessThanOrEqual : ComparisonOperator.LessThan;
            case '>':
                position++;
                return TryChar('=') ? ComparisonOperator.GreaterThanOrEqual : ComparisonOperator.GreaterThan;
        }

        var start = position;
        var word = ReadWord();
        if (word.Equals("LIKE", StringComparison.OrdinalIgnoreCase))
        {
            return ComparisonOperator.Like;
        }

        if (word.Equals("ILIKE", StringComparison.OrdinalIgnoreCase))
        {
            return ComparisonOperator.ILike;
        }

        position = start;
        throw Error(OperatorExpected);
    }

    private double ParseNumber(SearchField field)
    {
        var start = position;
        if (Peek() is '+' or '-')
        {
            position++;
        }

        var digits = SkipDigits();
        if (TryChar('.'))
        {
            digits += SkipDigits();
        }

        if (digits == 0)
        {
            position = start;
            throw Error($"a number for {field}");
        }

        if (Peek() is 'e' or 'E')
        {
            position++;
            if (Peek() is '+' or '-')
            {
                position++;
            }

            if (SkipDigits() == 0)
            {
                throw Error("the digits of the exponent");
            }
        }

        if (!AtEnd && (IsWordChar(text[position]) || text[position] == '.'))
        {
            throw Error("whitespace, AND, OR, ')' or end of input after the number");
        }

        if (!double.TryParse(text.AsSpan(start, position - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value))
        {
            position = start;
            throw Error($"a finite number for {field}");
        }

        return value;
    }

    private string ParseString(SearchField field)
    {
        var c = Peek();
        if (c is '\'' or '"')
        {
            return ReadQuoted(c, "string");
        }

        throw Error($"a quoted string for {field}");
    }

    /// <summary>Reads a literal between <paramref name="quote"/> characters; a doubled quote stands for one.</summary>
    private string ReadQuoted(char quote, string what)
    {
        var start = position;
        position++;
        var builder = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw Error($"a closing {quote} for the {what} that starts at position {start}");
            }

            var c = text[position++];
            if (c != quote)
            {
                builder.Append(c);
            }
            else if (Peek() == quote)
            {
                builder.Append(quote);
                position++;
            }
            else
            {
                return builder.ToString();
            }
        }
    }

    private bool TryKeyword(string keyword)
    {
        SkipWhitespace();
        var start = position;
        if (ReadWord().Equals(keyword, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        position = start;
        return false;
    }

    private string ReadWord()
    {
        var start = position;
        while (!AtEnd && IsWordChar(text[position]))
        {
            position++;
        }

        return text[start..position];
    }

    private int SkipDigits()
    {
        var start = position;
        while (!AtEnd && char.IsAsciiDigit(text[position]))
        {
            position++;
        }

        return position - start;
    }

    private bool TryChar(char c)
    {
        if (Peek() != c)
        {
            return false;
        }

        position++;
        return true;
    }

    private void SkipWhitespace()
    {
        while (!AtEnd && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }

    private char Peek(int offset = 0) => position + offset < text.Length ? text[position + offset] : End;

    private SearchParseException Error(string expected) => new(text, position, expected);

    private static string EntityName(SearchEntity entity) => entity switch
    {
        SearchEntity.Metric => "metric",
        SearchEntity.Param => "param",
        SearchEntity.Tag => "tag",
        _ => "attribute",
    };
}
