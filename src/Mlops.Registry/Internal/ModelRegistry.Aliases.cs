using System.Globalization;
using Mlops.Governance;
using Mlops.Journal;

namespace Mlops.Registry;

internal sealed partial class ModelRegistry
{
    private const int MaxReasonLength = 5000;

    public async Task SetAliasAsync(string name, string alias, int version, string? reason = null, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        ModelNames.ValidateSettableAlias(alias);
        ValidateVersionNumber(version);
        ValidateReason(reason);

        // Before the promotion guards: someone who may not move aliases at all is refused as such.
        await DemandAsync(name, PermissionLevel.Manage, cancellationToken).ConfigureAwait(false);
        var target = await RequireVersionAsync(name, version, cancellationToken).ConfigureAwait(false);
        if (target.Status == ModelVersionStatus.Archived)
        {
            throw new MlopsValidationException("model version", target.Uri, $"version {version} is archived; restore it before pointing '{alias}' at it.");
        }

        var current = await _store.GetAliasAsync(name, alias, cancellationToken).ConfigureAwait(false);
        var actor = _actor.CurrentActor;
        var action = current is { } from
            ? $"Moving alias '{alias}' of '{name}' from version {from} to version {version}"
            : $"Setting alias '{alias}' of '{name}' to version {version}";
        await EnforceGuardsAsync(new PromotionContext(name, alias, current, target, actor, reason), action, cancellationToken).ConfigureAwait(false);

        var draft = new JournalDraft(JournalKinds.ModelAliasSet, ModelSubject(name), actor, _time.GetUtcNow(),
            JournalPayload.Create(("name", name), ("alias", alias), ("oldVersion", current), ("newVersion", version), ("reason", reason), ("actor", actor)));
        try
        {
            await _store.SetAliasAsync(name, alias, version, current, draft, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Whatever happened (a conflict means someone else moved it), the cached resolution is no longer trusted.
            _cache.InvalidateResolutions(name);
        }

        RegistryLog.AliasMoved(_logger, alias, name, current, version, actor);
    }

    public async Task DeleteAliasAsync(string name, string alias, string? reason = null, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        ModelNames.ValidateSettableAlias(alias);
        ValidateReason(reason);
        await DemandAsync(name, PermissionLevel.Manage, cancellationToken).ConfigureAwait(false);
        var current = await _store.GetAliasAsync(name, alias, cancellationToken).ConfigureAwait(false)
            ?? throw new MlopsNotFoundException("alias", name + "@" + alias);
        var actor = _actor.CurrentActor;
        var action = string.Create(CultureInfo.InvariantCulture, $"Deleting alias '{alias}' of '{name}' (version {current})");
        await EnforceGuardsAsync(new PromotionContext(name, alias, current, null, actor, reason), action, cancellationToken).ConfigureAwait(false);

        var draft = new JournalDraft(JournalKinds.ModelAliasDeleted, ModelSubject(name), actor, _time.GetUtcNow(),
            JournalPayload.Create(("name", name), ("alias", alias), ("oldVersion", current), ("newVersion", null), ("reason", reason), ("actor", actor)));
        try
        {
            await _store.DeleteAliasAsync(name, alias, current, draft, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _cache.InvalidateResolutions(name);
        }

        RegistryLog.AliasMoved(_logger, alias, name, current, null, actor);
    }

    private static void ValidateReason(string? reason)
    {
        if (reason is { Length: > MaxReasonLength })
        {
            throw new MlopsValidationException("reason", reason, $"a reason is at most {MaxReasonLength} characters.");
        }
    }

    /// <summary>Asks every guard (not just until the first refusal) and throws with everything that is unmet.</summary>
    private async Task EnforceGuardsAsync(PromotionContext context, string action, CancellationToken cancellationToken)
    {
        List<string>? unmet = null;
        foreach (var guard in _guards)
        {
            var decision = await guard.EvaluateAsync(context, cancellationToken).ConfigureAwait(false);
            if (decision is { IsAllowed: false })
            {
                (unmet ??= []).AddRange(decision.UnmetRequirements);
            }
        }

        if (unmet is not null)
        {
            RegistryLog.AliasDenied(_logger, context.Alias, context.ModelName, unmet.Count);

            // A refusal is an audit event too; it is its own entry because nothing else was written.
            var draft = new JournalDraft(JournalKinds.ModelAliasDenied, ModelSubject(context.ModelName), context.Actor, _time.GetUtcNow(),
                JournalPayload.Create(
                    ("name", context.ModelName), ("alias", context.Alias), ("currentVersion", context.CurrentVersion),
                    ("targetVersion", context.Target?.Version), ("reason", context.Reason), ("unmet", string.Join("\n", unmet))));
            await _journal.AppendJournalAsync(draft, cancellationToken).ConfigureAwait(false);
            throw new MlopsPolicyDeniedException(action, unmet);
        }
    }
}
