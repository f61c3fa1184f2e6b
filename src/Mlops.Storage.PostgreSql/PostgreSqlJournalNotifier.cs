using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mlops.Storage.PostgreSql.Internal;
using Mlops.Storage.Relational;
using Npgsql;

namespace Mlops.Storage.PostgreSql;

/// <summary>
/// Wakes journal followers on PostgreSQL. Every journal append notifies its sequence on <see cref="Channel"/> inside its
/// transaction (so only at commit); one dedicated connection, opened at the first wait, <c>LISTEN</c>s there and
/// remembers the highest sequence heard. After each (re)connection it also reads the journal head, which covers entries
/// committed while nobody was listening. A lost connection is replaced with backoff; meanwhile waits simply run out, and
/// the follower's poll is the fallback.
/// </summary>
internal sealed class PostgreSqlJournalNotifier : IJournalChangeNotifier, IAsyncDisposable, IDisposable
{
    /// <summary>The notification channel of journal appends; the payload is the new entry's sequence.</summary>
    internal const string Channel = "mlops_journal";

    // A listening connection that hears nothing for this long is pinged, so that a silently dropped one is replaced.
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(30);

    private readonly PostgreSqlMlopsStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _startLock = new();
    private TaskCompletionSource _pulse = NewSignal();
    private TaskCompletionSource _listening = NewSignal();
    private long _latest = long.MinValue;
    private Task? _loop;
    private volatile bool _disposed;

    /// <summary>Creates a notifier over the store's database; nothing is opened until the first wait.</summary>
    public PostgreSqlJournalNotifier(PostgreSqlMlopsStore store, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Completes once the listening connection is up (again); starts it if no wait has yet. For tests.</summary>
    internal Task WhenListeningAsync(CancellationToken cancellationToken)
    {
        EnsureStarted();
        return Volatile.Read(ref _listening).Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<bool> WaitForChangeAsync(long afterSequence, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be zero or more, or Timeout.InfiniteTimeSpan.");
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        EnsureStarted();
        if (Interlocked.Read(ref _latest) > afterSequence)
        {
            return true;
        }

        if (timeout == TimeSpan.Zero)
        {
            return false;
        }

        // Disposal ends the wait like a timeout.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var deadline = Task.Delay(timeout, _time, stop.Token);
        try
        {
            while (true)
            {
                // Taken before the check: a notification between the two completes this pulse, so none is lost.
                var pulse = Volatile.Read(ref _pulse).Task;
                if (Interlocked.Read(ref _latest) > afterSequence)
                {
                    return true;
                }

                if (await Task.WhenAny(pulse, deadline).ConfigureAwait(false) == deadline)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    return Interlocked.Read(ref _latest) > afterSequence;
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stopping.CancelAsync().ConfigureAwait(false);
        Task? loop;
        lock (_startLock)
        {
            loop = _loop;
        }

        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void EnsureStarted()
    {
        lock (_startLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _loop ??= Task.Run(() => ListenAsync(_stopping.Token));
        }
    }

    /// <summary>Keeps one listening connection up until disposal; never throws.</summary>
    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        for (var failures = 0; !stoppingToken.IsCancellationRequested;)
        {
            try
            {
                await _store.InitializeAsync(stoppingToken).ConfigureAwait(false);
                var connection = await _store.DataSource.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    connection.Notification += OnNotification;
                    var listen = connection.Command("LISTEN " + Channel);
                    await using (listen.ConfigureAwait(false))
                    {
                        await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                    }

                    // Entries committed before LISTEN took effect were announced to nobody: the head stands for them.
                    var head = connection.Command("SELECT sequence FROM journal_head WHERE id = 1");
                    await using (head.ConfigureAwait(false))
                    {
                        Observe(await head.ExecuteScalarAsync(stoppingToken).ConfigureAwait(false) is long sequence ? sequence : 0);
                    }

                    failures = 0;
                    Volatile.Read(ref _listening).TrySetResult();
                    PostgreSqlStoreLog.Listening(_logger, _store.DatabaseName, Channel);
                    while (true)
                    {
                        if (!await connection.WaitAsync(IdleCheck, stoppingToken).ConfigureAwait(false))
                        {
                            var ping = connection.Command("SELECT 1");
                            await using (ping.ConfigureAwait(false))
                            {
                                await ping.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                            }
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                // The store (and its data source) is gone: nothing left to listen to.
                return;
            }
            // Whatever broke the connection (a server restart, a network fault, a failed migration), the loop must live on.
            catch (Exception exception)
            {
                if (Volatile.Read(ref _listening).Task.IsCompleted)
                {
                    Volatile.Write(ref _listening, NewSignal());
                }

                var delay = PostgreSqlMlopsStore.Backoff(++failures);
                PostgreSqlStoreLog.ListenFailed(_logger, _store.DatabaseName, Channel, delay.TotalMilliseconds, exception);
                try
                {
                    await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        // Anything else sent on the channel is not ours to interpret.
        if (string.Equals(e.Channel, Channel, StringComparison.Ordinal)
            && long.TryParse(e.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            Observe(sequence);
        }
    }

    private void Observe(long sequence)
    {
        var current = Interlocked.Read(ref _latest);
        while (sequence > current)
        {
            var seen = Interlocked.CompareExchange(ref _latest, sequence, current);
            if (seen == current)
            {
                Interlocked.Exchange(ref _pulse, NewSignal()).TrySetResult();
                return;
            }

            current = seen;
        }
    }
}
