namespace Mlops.Search;

/// <summary>A field a filter or ordering refers to, such as <c>metrics.accuracy</c> or <c>attributes.start_time</c>.</summary>
/// <param name="Entity">The entity prefix.</param>
/// <param name="Key">The key after the prefix (for attributes, one of <see cref="RunAttributes"/>).</param>
public sealed record SearchField(SearchEntity Entity, string Key)
{
    /// <inheritdoc />
    public override string ToString() => Entity switch
    {
        SearchEntity.Metric => "metrics.",
        SearchEntity.Param => "params.",
        SearchEntity.Tag => "tags.",
        _ => "attributes.",
    } + Key;
}
