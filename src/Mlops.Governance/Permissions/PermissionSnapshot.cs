using System.Collections.Concurrent;

namespace Mlops.Governance;

/// <summary>
/// The grants as of one journal head, plus the creators looked up since. Immutable but for the creator cache, which is
/// only valid for the same head (a model renamed away and re-created under its old name has another creator).
/// </summary>
internal sealed class PermissionSnapshot
{
    private static readonly PermissionGrant[] NoGrants = [];
    private readonly Dictionary<(ResourceKind, string), PermissionGrant[]> _grants;

    public PermissionSnapshot(long sequence, IEnumerable<PermissionGrant> grants)
    {
        Sequence = sequence;
        _grants = grants
            .GroupBy(g => (g.Kind, g.ResourceName))
            .ToDictionary(g => g.Key, g => g.ToArray());
    }

    /// <summary>The journal sequence the grants were read at (0 for an empty journal).</summary>
    public long Sequence { get; }

    /// <summary>Creator of each existing resource looked up at this head.</summary>
    public ConcurrentDictionary<(ResourceKind, string), string?> Creators { get; } = new();

    public int Count => _grants.Values.Sum(g => g.Length);

    public PermissionGrant[] For(ResourceKind kind, string name) =>
        _grants.TryGetValue((kind, name), out var grants) ? grants : NoGrants;

    /// <summary>The same grants at a later head that is known to have changed nothing but a denial entry.</summary>
    public PermissionSnapshot At(long sequence) => new(sequence, _grants, Creators);

    private PermissionSnapshot(long sequence, Dictionary<(ResourceKind, string), PermissionGrant[]> grants, ConcurrentDictionary<(ResourceKind, string), string?> creators)
    {
        Sequence = sequence;
        _grants = grants;
        Creators = creators;
    }
}
