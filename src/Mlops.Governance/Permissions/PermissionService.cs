using Microsoft.Extensions.Logging;
using Mlops.Journal;
using Mlops.Storage;

namespace Mlops.Governance;

/// <summary>Grants kept as governance records (id <c>principal|kind|resource</c>), each change journaled with it.</summary>
internal sealed class PermissionService(PermissionGuard guard, IGovernanceStore store, IActorAccessor actor, TimeProvider time, ILogger<PermissionService> logger)
    : IPermissionService
{
    public async Task<PermissionGrant> GrantAsync(string principal, ResourceKind kind, string resourceName, PermissionLevel level, CancellationToken cancellationToken = default)
    {
        PermissionResources.ValidatePrincipal(principal);
        PermissionResources.ValidateName(kind, resourceName);
        PermissionResources.ValidateGrantedLevel(level);
        await guard.DemandAsync(kind, resourceName, PermissionLevel.Manage, cancellationToken, "grant permission").ConfigureAwait(false);

        var id = PermissionResources.RecordId(principal, kind, resourceName);
        var existing = await store.GetGovernanceRecordAsync(GovernanceRecordKinds.Permission, id, cancellationToken).ConfigureAwait(false);
        var previous = existing is null ? null : PermissionResources.FromRecord(existing);
        if (previous is not null && previous.Level == level)
        {
            return previous;
        }

        var who = actor.CurrentActor;
        var subject = PermissionResources.Subject(kind, resourceName);
        var now = time.GetUtcNow();
        var draft = new JournalDraft(JournalKinds.PermissionGranted, subject, who, now, JournalPayload.Create(
            ("principal", principal), ("kind", PermissionResources.KindText(kind)), ("resource", resourceName),
            ("level", level.ToString()), ("previousLevel", previous?.Level.ToString()), ("actor", who)));
        try
        {
            var record = await store.PutGovernanceRecordAsync(GovernanceRecordKinds.Permission, id, PermissionResources.ToJson(principal, kind, resourceName, level),
                existing?.Revision ?? 0, now, who, draft, cancellationToken).ConfigureAwait(false);
            PermissionLog.Granted(logger, who, level, subject, principal);
            return new PermissionGrant(principal, kind, resourceName, level, record.UpdatedAt, record.UpdatedBy);
        }
        finally
        {
            guard.Invalidate();
        }
    }

    public async Task<bool> RevokeAsync(string principal, ResourceKind kind, string resourceName, CancellationToken cancellationToken = default)
    {
        PermissionResources.ValidatePrincipal(principal);
        PermissionResources.ValidateName(kind, resourceName);
        await guard.DemandAsync(kind, resourceName, PermissionLevel.Manage, cancellationToken, "revoke permission").ConfigureAwait(false);

        var id = PermissionResources.RecordId(principal, kind, resourceName);
        var existing = await store.GetGovernanceRecordAsync(GovernanceRecordKinds.Permission, id, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            return false;
        }

        var who = actor.CurrentActor;
        var subject = PermissionResources.Subject(kind, resourceName);
        var draft = new JournalDraft(JournalKinds.PermissionRevoked, subject, who, time.GetUtcNow(), JournalPayload.Create(
            ("principal", principal), ("kind", PermissionResources.KindText(kind)), ("resource", resourceName),
            ("previousLevel", PermissionResources.FromRecord(existing)?.Level.ToString()), ("actor", who)));
        try
        {
            await store.DeleteGovernanceRecordAsync(GovernanceRecordKinds.Permission, id, existing.Revision, draft, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            guard.Invalidate();
        }

        PermissionLog.Revoked(logger, who, principal, subject);
        return true;
    }

    public async Task<IReadOnlyList<PermissionGrant>> ListAsync(ResourceKind? kind = null, string? resourceName = null, CancellationToken cancellationToken = default)
    {
        if (kind is { } k)
        {
            PermissionResources.ValidateKind(k);
        }

        var records = await store.ListGovernanceRecordsAsync(GovernanceRecordKinds.Permission, cancellationToken: cancellationToken).ConfigureAwait(false);
        var grants = new List<PermissionGrant>();
        foreach (var grant in records.Select(PermissionResources.FromRecord).OfType<PermissionGrant>())
        {
            if ((kind is null || grant.Kind == kind) && (resourceName is null || string.Equals(grant.ResourceName, resourceName, StringComparison.Ordinal))
                && await guard.HoldsAsync(grant.Kind, grant.ResourceName, PermissionLevel.Read, cancellationToken).ConfigureAwait(false))
            {
                grants.Add(grant);
            }
        }

        return grants
            .OrderBy(g => g.Kind)
            .ThenBy(g => g.ResourceName, StringComparer.Ordinal)
            .ThenBy(g => g.Principal, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<PermissionLevel> GetEffectiveLevelAsync(string actor, ResourceKind kind, string resourceName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        PermissionResources.ValidateName(kind, resourceName);
        return await guard.GetLevelAsync(actor, kind, resourceName, PermissionLevel.Manage, cancellationToken).ConfigureAwait(false);
    }
}
