namespace Mlops.Search;

/// <summary>What a filter or ordering term refers to: the prefix in <c>metrics.acc</c>, <c>params.lr</c>, ...</summary>
public enum SearchEntity
{
    /// <summary><c>metrics.KEY</c>: the latest value of a metric (numeric comparisons).</summary>
    Metric,

    /// <summary><c>params.KEY</c>: a parameter value (string comparisons).</summary>
    Param,

    /// <summary><c>tags.KEY</c>: a tag value (string comparisons).</summary>
    Tag,

    /// <summary><c>attributes.NAME</c>: a run attribute such as <c>status</c>, <c>run_name</c> or <c>start_time</c>.</summary>
    Attribute,
}
