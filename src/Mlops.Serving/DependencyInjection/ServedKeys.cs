namespace Mlops.Serving.Internal;

/// <summary>The keys served in one service collection, to refuse duplicates at registration.</summary>
internal sealed class ServedKeys
{
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

    public bool Add(string key)
    {
        lock (_keys)
        {
            return _keys.Add(key);
        }
    }
}
