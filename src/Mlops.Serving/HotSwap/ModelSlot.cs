using System.Globalization;

namespace Mlops.Serving.HotSwap;

/// <summary>
/// One variant of a served model (primary, canary or shadow): the alias or version it follows, the generation it serves
/// now, and what the follower learned since the last refresh.
/// </summary>
internal sealed class ModelSlot<TIn, TOut>
    where TIn : class
    where TOut : class, new()
{
    private ModelGeneration<TIn, TOut>? _current;

    public ModelSlot(string variant, string modelName, string? alias, int? version)
    {
        Variant = variant;
        ModelName = modelName;
        Alias = alias;
        PinnedVersion = version;
        TargetUri = alias is not null
            ? $"models:/{modelName}@{alias}"
            : string.Create(CultureInfo.InvariantCulture, $"models:/{modelName}/{version}");
        Dirty = true;
    }

    public string Variant { get; }

    public string ModelName { get; }

    public string? Alias { get; }

    public int? PinnedVersion { get; }

    public string TargetUri { get; }

    public ModelGeneration<TIn, TOut>? Current => Volatile.Read(ref _current);

    /// <summary>Set when a journal entry may have changed what <see cref="TargetUri"/> names.</summary>
    public bool Dirty { get; set; }

    /// <summary>The journal entry that last moved the followed alias, used as the cause of the next swap.</summary>
    public SwapCause? PendingCause { get; set; }

    public string? LastError { get; private set; }

    public DateTimeOffset? LastErrorAt { get; private set; }

    public int? FailedVersion { get; private set; }

    public DateTimeOffset RetryAfter { get; private set; }

    /// <summary>Publishes <paramref name="next"/> atomically and retires what it replaces.</summary>
    public ModelGeneration<TIn, TOut>? Publish(ModelGeneration<TIn, TOut> next)
    {
        var old = Interlocked.Exchange(ref _current, next);
        old?.Retire();
        return old;
    }

    /// <summary>Stops serving (disposal of the served model).</summary>
    public void RetireCurrent() => Interlocked.Exchange(ref _current, null)?.Retire();

    public void RecordFailure(int? version, string error, DateTimeOffset at, DateTimeOffset retryAfter)
    {
        FailedVersion = version;
        LastError = error;
        LastErrorAt = at;
        RetryAfter = retryAfter;
    }

    public void ClearFailure()
    {
        FailedVersion = null;
        LastError = null;
        LastErrorAt = null;
    }
}
