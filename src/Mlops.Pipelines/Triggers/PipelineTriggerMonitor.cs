using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Mlops.Pipelines.Triggers;

/// <summary>Keeps the last <see cref="Capacity"/> events and completes waiters as matching events arrive.</summary>
internal sealed class PipelineTriggerMonitor : IPipelineTriggerMonitor
{
    public const int Capacity = 1000;

    private readonly Lock _gate = new();
    private readonly Queue<PipelineTriggerEvent> _events = new();
    private readonly List<Channel<PipelineTriggerEvent>> _watchers = [];
    private readonly List<(Func<PipelineTriggerEvent, bool> Match, TaskCompletionSource<PipelineTriggerEvent> Done)> _waiters = [];

    public IReadOnlyList<PipelineTriggerEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public Task<PipelineTriggerEvent> WaitForAsync(Func<PipelineTriggerEvent, bool> match, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        var done = new TaskCompletionSource<PipelineTriggerEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            foreach (var e in _events)
            {
                if (match(e))
                {
                    return Task.FromResult(e);
                }
            }

            _waiters.Add((match, done));
        }

        if (!cancellationToken.CanBeCanceled)
        {
            return done.Task;
        }

        var registration = cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => w.Done == done);
            }

            done.TrySetCanceled(cancellationToken);
        });
        _ = done.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return done.Task;
    }

    public async IAsyncEnumerable<PipelineTriggerEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<PipelineTriggerEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            _watchers.Add(channel);
        }

        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var e))
                {
                    yield return e;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(channel);
            }
        }
    }

    public void Report(PipelineTriggerEvent e)
    {
        List<TaskCompletionSource<PipelineTriggerEvent>> matched = [];
        lock (_gate)
        {
            _events.Enqueue(e);
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryWrite(e);
            }

            if (_events.Count > Capacity)
            {
                _events.Dequeue();
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(e))
                {
                    matched.Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var done in matched)
        {
            done.TrySetResult(e);
        }
    }
}
