using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Journal;
using Mlops.Storage;

namespace Mlops.Governance;

/// <summary>
/// The enforcing <see cref="IAccessGuard"/>. Decisions are made in memory from a snapshot of the grants that is reloaded
/// when the store's journal head has moved (every grant and revocation is journaled), so a revocation applies to the next
/// operation of every app on the store. Denials are journaled with the operation's name; <see cref="HoldsAsync"/> tells
/// without journaling, for filtering lists.
/// </summary>
internal sealed class PermissionGuard : IAccessGuard
{
    private readonly IGovernanceStore _store;
    private readonly IJournalStore _journal;
    private readonly ITrackingStore? _tracking;
    private readonly IRegistryStore? _registry;
    private readonly IActorAccessor _actor;
    private readonly IRoleProvider _roles;
    private readonly PermissionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private PermissionSnapshot? _snapshot;
    private long _checkedAt;

    // Bumped by Invalidate: a reload that started before a local change must not publish its older snapshot as fresh.
    private int _epoch;

    public PermissionGuard(IGovernanceStore store, IJournalStore journal, ITrackingStore? tracking, IRegistryStore? registry, IActorAccessor actor,
        IRoleProvider roles, IOptions<PermissionOptions> options, TimeProvider time, ILogger<PermissionGuard> logger)
    {
        _store = store;
        _journal = journal;
        _tracking = tracking;
        _registry = registry;
        _actor = actor;
        _roles = roles;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public bool IsEnforced => true;

    public async ValueTask DemandAsync(ResourceKind kind, string resourceName, PermissionLevel level, CancellationToken cancellationToken = default, string operation = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceName);
        var actor = _actor.CurrentActor;
        var held = await GetLevelAsync(actor, kind, resourceName, level, cancellationToken).ConfigureAwait(false);
        if (held < level)
        {
            await DenyAsync(actor, kind, resourceName, level, held, operation is { Length: > 0 } ? operation : null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether the current actor holds <paramref name="level"/>; never journals.</summary>
    public async ValueTask<bool> HoldsAsync(ResourceKind kind, string resourceName, PermissionLevel level, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceName);
        return await GetLevelAsync(_actor.CurrentActor, kind, resourceName, level, cancellationToken).ConfigureAwait(false) >= level;
    }

    /// <summary>
    /// The level <paramref name="actor"/> holds, computed only as far as needed to tell whether it reaches
    /// <paramref name="enough"/> (the creator is looked up only when the rest falls short).
    /// </summary>
    public async ValueTask<PermissionLevel> GetLevelAsync(string actor, ResourceKind kind, string resourceName, PermissionLevel enough, CancellationToken cancellationToken)
    {
        var snapshot = await GetSnapshotAsync(cancellationToken).ConfigureAwait(false);
        var roles = _roles.GetRoles(actor);
        var level = _options.DefaultLevel;
        foreach (var administrator in _options.Administrators)
        {
            if (Principals.Matches(administrator, actor, roles))
            {
                return PermissionLevel.Manage;
            }
        }

        foreach (var grant in snapshot.For(kind, resourceName))
        {
            if (grant.Level > level && Principals.Matches(grant.Principal, actor, roles))
            {
                level = grant.Level;
            }
        }

        if (level < enough && level < PermissionLevel.Manage && _options.CreatorsManage
            && string.Equals(await GetCreatorAsync(snapshot, kind, resourceName, cancellationToken).ConfigureAwait(false), actor, StringComparison.Ordinal))
        {
            level = PermissionLevel.Manage;
        }

        return level;
    }

    /// <summary>Drops the snapshot so that the next decision reads the grants again (after this app changed them).</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _epoch);
        Volatile.Write(ref _snapshot, null);
    }

    private async Task DenyAsync(string actor, ResourceKind kind, string resourceName, PermissionLevel required, PermissionLevel held, string? operation, CancellationToken cancellationToken)
    {
        var subject = PermissionResources.Subject(kind, resourceName);
        PermissionLog.Denied(_logger, actor, subject, required, held, operation ?? "unnamed operation");
        var draft = new JournalDraft(JournalKinds.PermissionDenied, subject, actor, _time.GetUtcNow(), JournalPayload.Create(
            ("actor", actor), ("kind", PermissionResources.KindText(kind)), ("resource", resourceName),
            ("required", required.ToString()), ("held", held.ToString()), ("operation", operation)));
        var before = Volatile.Read(ref _snapshot);
        var entry = await _journal.AppendJournalAsync(draft, cancellationToken).ConfigureAwait(false);

        // Our own denial moved the head; when nothing else did, the grants are still current.
        if (before is not null && entry.Sequence == before.Sequence + 1)
        {
            Interlocked.CompareExchange(ref _snapshot, before.At(entry.Sequence), before);
        }

        throw new MlopsPermissionDeniedException(actor, kind, resourceName, required, held);
    }

    private async ValueTask<PermissionSnapshot> GetSnapshotAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _snapshot);
        var interval = _options.RefreshInterval;
        if (current is not null && interval > TimeSpan.Zero && _time.GetElapsedTime(Volatile.Read(ref _checkedAt)) < interval)
        {
            return current;
        }

        var checkedAt = _time.GetTimestamp();
        var epoch = Volatile.Read(ref _epoch);
        var head = await _journal.GetJournalHeadAsync(cancellationToken).ConfigureAwait(false);
        var sequence = head?.Sequence ?? 0;
        if (current is null || current.Sequence != sequence)
        {
            // Read after the head: a change made meanwhile moves the head past 'sequence', so it is never missed.
            var records = await _store.ListGovernanceRecordsAsync(GovernanceRecordKinds.Permission, cancellationToken: cancellationToken).ConfigureAwait(false);
            var fresh = new PermissionSnapshot(sequence, records.Select(PermissionResources.FromRecord).OfType<PermissionGrant>());
            PermissionLog.GrantsLoaded(_logger, fresh.Count, sequence);
            Interlocked.CompareExchange(ref _snapshot, fresh, current);

            // Published, then checked: if this app changed grants since the read began (Invalidate bumped the epoch), take
            // the possibly older snapshot back, so that the next decision reads again whatever the refresh interval.
            if (Volatile.Read(ref _epoch) != epoch)
            {
                Interlocked.CompareExchange(ref _snapshot, null, fresh);
            }

            current = fresh;
        }

        Volatile.Write(ref _checkedAt, checkedAt);
        return current;
    }

    private async ValueTask<string?> GetCreatorAsync(PermissionSnapshot snapshot, ResourceKind kind, string resourceName, CancellationToken cancellationToken)
    {
        if (snapshot.Creators.TryGetValue((kind, resourceName), out var cached))
        {
            return cached;
        }

        string? creator = kind == ResourceKind.Experiment
            ? _tracking is null ? null : (await _tracking.GetExperimentByNameAsync(resourceName, cancellationToken).ConfigureAwait(false))?.CreatedBy
            : _registry is null ? null : (await _registry.GetRegisteredModelAsync(resourceName, cancellationToken).ConfigureAwait(false))?.CreatedBy;
        if (creator is not null)
        {
            // An absent resource is not cached: its creation moves the journal head, but with a refresh interval the
            // creator would otherwise wait for the next check to manage what they just created.
            snapshot.Creators.TryAdd((kind, resourceName), creator);
        }

        return creator;
    }
}
