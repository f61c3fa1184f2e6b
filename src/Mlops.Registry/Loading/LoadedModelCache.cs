using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Mlops.Registry;

/// <summary>
/// Loaded models by (name, version), bounded and evicted least-recently-used, with a front index by the exact URI string
/// so that a repeated <c>LoadAsync("models:/x@champion")</c> is one dictionary lookup, one timestamp and no allocation.
/// Version URIs never go stale (content is immutable); alias and <c>latest</c> entries are trusted for the alias cache
/// duration and then re-resolved by the caller.
/// </summary>
internal sealed class LoadedModelCache : IDisposable
{
    private readonly ConcurrentDictionary<string, UriEntry> _byUri = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Name, int Version), ModelEntry> _models = [];
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly long _aliasTicks;
    private readonly int _capacity;
    private readonly ILogger _logger;
    private bool _disposed;

    public LoadedModelCache(TimeProvider time, TimeSpan aliasCacheDuration, int capacity, ILogger logger)
    {
        _time = time;
        _aliasTicks = (long)(aliasCacheDuration.TotalSeconds * time.TimestampFrequency);
        _capacity = capacity;
        _logger = logger;
    }

    /// <summary>The hot path: the completed load task cached for this exact URI, if still fresh.</summary>
    public bool TryGet(string uri, out Task<LoadedModel> model)
    {
        if (_byUri.TryGetValue(uri, out var entry))
        {
            var now = _time.GetTimestamp();
            if (now < entry.FreshUntil && entry.Model.Task.IsCompletedSuccessfully)
            {
                Volatile.Write(ref entry.Model.LastUsed, now);
                model = entry.Model.Task;
                return true;
            }
        }

        model = null!;
        return false;
    }

    /// <summary>
    /// Returns the model for a resolved version, loading it once however many callers ask at the same time, and indexes
    /// it under <paramref name="uri"/>. A failed load is not cached.
    /// </summary>
    public async Task<LoadedModel> GetOrLoadAsync(string uri, ModelVersion version, bool volatileUri, Func<ModelVersion, Task<LoadedModel>> load, CancellationToken cancellationToken)
    {
        var key = (version.ModelName, version.Version);
        ModelEntry entry;
        var owner = false;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_models.TryGetValue(key, out entry!))
            {
                entry = new ModelEntry(key);
                _models[key] = entry;
                owner = true;
            }
        }

        if (owner)
        {
            // The load is shared by every waiter, so it does not observe one caller's cancellation.
            try
            {
                var loaded = await load(version).ConfigureAwait(false);
                loaded.MarkShared();
                entry.Complete(loaded);
            }
            catch (Exception e)
            {
                lock (_gate)
                {
                    if (_models.TryGetValue(key, out var current) && ReferenceEquals(current, entry))
                    {
                        _models.Remove(key);
                    }
                }

                entry.Fail(e);
                throw;
            }
        }

        var model = await entry.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetTimestamp();
        Volatile.Write(ref entry.LastUsed, now);
        lock (_gate)
        {
            if (!_disposed && _models.TryGetValue(key, out var current) && ReferenceEquals(current, entry))
            {
                entry.Uris.Add(uri);
                _byUri[uri] = new UriEntry(entry, volatileUri ? now + _aliasTicks : long.MaxValue);
                EvictOverCapacity();
            }
        }

        return model;
    }

    /// <summary>Forgets every alias and <c>latest</c> resolution of a model (its alias moved here).</summary>
    public void InvalidateResolutions(string modelName)
    {
        lock (_gate)
        {
            foreach (var (uri, entry) in _byUri)
            {
                if (entry.FreshUntil != long.MaxValue && entry.Model.Key.Name == modelName)
                {
                    _byUri.TryRemove(uri, out _);
                    entry.Model.Uris.Remove(uri);
                }
            }
        }
    }

    /// <summary>Forgets a whole model (renamed) or one of its versions (deleted), disposing what was loaded.</summary>
    public void Evict(string modelName, int? version = null)
    {
        lock (_gate)
        {
            foreach (var key in _models.Keys.Where(k => k.Name == modelName && (version is null || k.Version == version)).ToList())
            {
                Remove(_models[key]);
            }

            InvalidateResolutions(modelName);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var entry in _models.Values.ToList())
            {
                Remove(entry);
            }
        }
    }

    private void EvictOverCapacity()
    {
        while (_models.Count > _capacity)
        {
            ModelEntry? oldest = null;
            foreach (var entry in _models.Values)
            {
                if (entry.Task.IsCompletedSuccessfully && (oldest is null || Volatile.Read(ref entry.LastUsed) < Volatile.Read(ref oldest.LastUsed)))
                {
                    oldest = entry;
                }
            }

            if (oldest is null)
            {
                return;
            }

            Remove(oldest);
            RegistryLog.ModelEvicted(_logger, oldest.Key.Name, oldest.Key.Version);
        }
    }

    private void Remove(ModelEntry entry)
    {
        _models.Remove(entry.Key);
        foreach (var uri in entry.Uris)
        {
            _byUri.TryRemove(uri, out _);
        }

        entry.Uris.Clear();
        if (entry.Task.IsCompletedSuccessfully)
        {
            entry.Task.Result.DisposeShared();
        }
    }

    private sealed record UriEntry(ModelEntry Model, long FreshUntil);

    private sealed class ModelEntry((string Name, int Version) key)
    {
        private readonly TaskCompletionSource<LoadedModel> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long LastUsed;

        public (string Name, int Version) Key { get; } = key;

        public HashSet<string> Uris { get; } = new(StringComparer.Ordinal);

        public Task<LoadedModel> Task => _completion.Task;

        public void Complete(LoadedModel model) => _completion.SetResult(model);

        public void Fail(Exception error)
        {
            _completion.SetException(error);
            _ = _completion.Task.Exception; // observed: the owner rethrows it
        }
    }
}
