namespace Mlops.Search;

/// <summary>A comparison in a filter.</summary>
public enum ComparisonOperator
{
    /// <summary><c>=</c></summary>
    Equal,

    /// <summary><c>!=</c></summary>
    NotEqual,

    /// <summary><c>&lt;</c></summary>
    LessThan,

    /// <summary><c>&lt;=</c></summary>
    LessThanOrEqual,

    /// <summary><c>&gt;</c></summary>
    GreaterThan,

    /// <summary><c>&gt;=</c></summary>
    GreaterThanOrEqual,

    /// <summary><c>LIKE</c>, case-sensitive, with <c>%</c> and <c>_</c> wildcards.</summary>
    Like,

    /// <summary><c>ILIKE</c>, case-insensitive, with <c>%</c> and <c>_</c> wildcards.</summary>
    ILike,
}
