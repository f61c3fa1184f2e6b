using System.Text;
using Mlops.Search;
using Mlops.Search.Parsing;

namespace Mlops.Core.Tests.Search;

/// <summary>Seeded generators of filter trees, filter texts and garbage for the parser's property tests.</summary>
internal sealed class SearchFilterGenerator(int seed)
{
    internal static readonly string[] Tokens =
    [
        "metrics.", "params.", "tags.", "attributes.", "metric.", "param.", "tag.", "attribute.", "acc", "lr", "loss",
        "status", "start_time", "end_time", "run_name", "run_id", "user", "experiment_id", "parent_run_id", "color",
        "=", "!=", "<", "<=", ">", ">=", "==", "<>", "!", "LIKE", "ILIKE", "like", "AND", "OR", "and", "or", "NOT", "IN",
        "(", ")", "((", "))", "'", "\"", "`", "''", "\"\"", "``", "'x'", "\"y\"", "`k k`", "'it''s'", "0", "1", "-1", ".5",
        "1e5", "1e", "1e999", "NaN", "Infinity", "-", "+", ".", "..", "/", "%", "_", " ", "  ", "\t", "\n", ",", ";",
        "--", "/*", "*/", "\\", "\0", "é", "ж", "中", "\uD83D\uDE00", "\uD800", "\uDC00", "\u200B", "\u00A0",
    ];

    private static readonly string[] Nasty =
    [
        "' OR 1=1 --", "\"; DROP TABLE runs; --", "'); DELETE FROM metrics; --", "\" OR \"\"=\"", "` OR 1=1",
        "a' AND params.x = 'b", ") OR (1=1", "%' OR '%'='", "\\'", "\\\"", "''", "\"\"", "'", "\"", "`",
        "Robert'); DROP TABLE students;--", "1; SELECT * FROM runs", "$1", "@p0", ":name", "?", "\0", "NULL",
    ];

    private const string KeyAlphabet = "abcxyzABCXYZ0189_-./ éж中";

    private readonly Random random = new(seed);

    internal Random Random => random;

    internal FilterExpression Expression(int depth)
    {
        if (depth <= 0 || random.Next(3) == 0)
        {
            return Comparison();
        }

        var left = Expression(depth - 1);
        var right = Expression(depth - 1);
        return random.Next(2) == 0 ? new AndExpression(left, right) : new OrExpression(left, right);
    }

    internal ComparisonExpression Comparison()
    {
        var field = Field();
        var numeric = field.Entity == SearchEntity.Metric
            || (field.Entity == SearchEntity.Attribute && RunAttributes.IsNumeric(field.Key));
        if (numeric)
        {
            ComparisonOperator[] ops =
            [
                ComparisonOperator.Equal, ComparisonOperator.NotEqual, ComparisonOperator.LessThan,
                ComparisonOperator.LessThanOrEqual, ComparisonOperator.GreaterThan, ComparisonOperator.GreaterThanOrEqual,
            ];
            return new ComparisonExpression(field, ops[random.Next(ops.Length)], Number());
        }

        ComparisonOperator[] stringOps =
            [ComparisonOperator.Equal, ComparisonOperator.NotEqual, ComparisonOperator.Like, ComparisonOperator.ILike];
        return new ComparisonExpression(field, stringOps[random.Next(stringOps.Length)], StringValue());
    }

    internal SearchField Field()
    {
        var entity = (SearchEntity)random.Next(4);
        return entity == SearchEntity.Attribute
            ? new SearchField(entity, RunAttributes.All[random.Next(RunAttributes.All.Count)])
            : new SearchField(entity, Key());
    }

    internal string Key()
    {
        while (true)
        {
            var length = random.Next(1, random.Next(4) == 0 ? 60 : 12);
            var builder = new StringBuilder(length);
            for (var i = 0; i < length; i++)
            {
                builder.Append(KeyAlphabet[random.Next(KeyAlphabet.Length)]);
            }

            var key = builder.ToString();
            if (InputRules.IsValidKey(key))
            {
                return key;
            }
        }
    }

    internal double Number() => random.Next(4) switch
    {
        0 => random.Next(-1000, 1000),
        1 => Math.Round((random.NextDouble() - 0.5) * 1e6, random.Next(0, 8)),
        2 => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-300, 300)),
        _ => FiniteBits(),
    };

    internal string StringValue() => random.Next(4) switch
    {
        0 => Nasty[random.Next(Nasty.Length)],
        1 => string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => Nasty[random.Next(Nasty.Length)])),
        2 => RandomUnicode(random.Next(0, 20)),
        _ => string.Concat(Enumerable.Range(0, random.Next(0, 6)).Select(_ => Tokens[random.Next(Tokens.Length)])),
    };

    internal string NastyValue() => random.Next(2) == 0
        ? Nasty[random.Next(Nasty.Length)]
        : string.Concat(Enumerable.Range(0, random.Next(1, 5)).Select(_ => Nasty[random.Next(Nasty.Length)]));

    internal string RandomUnicode(int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            // Mostly ASCII (where the grammar's characters are), sometimes anything in the BMP including lone surrogates.
            builder.Append(random.Next(3) == 0 ? (char)random.Next(0, 0x10000) : (char)random.Next(0, 128));
        }

        return builder.ToString();
    }

    internal string TokenSoup()
    {
        var count = random.Next(1, 16);
        var builder = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            builder.Append(Tokens[random.Next(Tokens.Length)]);
            if (random.Next(2) == 0)
            {
                builder.Append(' ');
            }
        }

        return builder.ToString();
    }

    internal string ValidFilterText() => random.Next(3) == 0
        ? SearchTextPrinter.Print(Expression(random.Next(0, 5)))
        : HandWritten[random.Next(HandWritten.Length)];

    internal string Mutate(string text)
    {
        var builder = new StringBuilder(text);
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations; m++)
        {
            var at = builder.Length == 0 ? 0 : random.Next(builder.Length + 1);
            switch (random.Next(6))
            {
                case 0 when builder.Length > 0 && at < builder.Length:
                    builder.Remove(at, 1);
                    break;
                case 1:
                    builder.Insert(at, Tokens[random.Next(Tokens.Length)]);
                    break;
                case 2:
                    builder.Insert(at, (char)random.Next(0, 0x10000));
                    break;
                case 3 when builder.Length > 0:
                    builder.Length = random.Next(builder.Length);
                    break;
                case 4 when builder.Length > 1 && at < builder.Length - 1:
                    (builder[at], builder[at + 1]) = (builder[at + 1], builder[at]);
                    break;
                default:
                    if (builder.Length > 0)
                    {
                        var from = random.Next(builder.Length);
                        var length = random.Next(0, builder.Length - from + 1);
                        builder.Insert(at, builder.ToString(from, length));
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    private static readonly string[] HandWritten =
    [
        "metrics.acc > 0.9",
        "metrics.acc > 0.9 AND params.model = 'tree'",
        "(metrics.acc > 0.9 OR metrics.f1 >= 0.8) AND tags.team ILIKE 'ml%'",
        "params.p = 'it''s' OR params.q = \"say \"\"hi\"\"\"",
        "metrics.`my key` <= -1.5e-3 and status = 'FINISHED'",
        "attributes.start_time >= 1700000000000 AND attributes.end_time < 1800000000000",
        "run_name LIKE 'a_c%' OR user != 'bob' OR parent_run_id = '0123'",
        "((tags.\"a b\" = 'x'))",
        "metric.loss != 0 or param.lr like '0.%'",
    ];

    private double FiniteBits()
    {
        while (true)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue));
            if (double.IsFinite(value))
            {
                return value;
            }
        }
    }
}
