using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Mlops.Journal;
using Mlops.Registry;
using Mlops.Storage;

namespace Mlops.Governance;

/// <summary>
/// The kill switch and override journal. The control record's JSON (<c>disabled</c>, <c>reason</c>) is what serving reads
/// (Mlops.Serving's <c>ModelControl</c>); who and when are the record's own <see cref="GovernanceRecord.UpdatedBy"/> and
/// <see cref="GovernanceRecord.UpdatedAt"/>.
/// </summary>
internal sealed class HumanOversight(
    IGovernanceStore governance,
    IJournalStore journal,
    IModelRegistry registry,
    IAccessGuard access,
    IActorAccessor actors,
    TimeProvider time,
    ILogger logger) : IHumanOversight
{
    private const int MaxAttempts = 3;

    public Task<ModelServingControl> DisableServingAsync(string modelName, string reason, CancellationToken cancellationToken = default) =>
        SwitchAsync(modelName, reason, disabled: true, cancellationToken);

    public Task<ModelServingControl> EnableServingAsync(string modelName, string reason, CancellationToken cancellationToken = default) =>
        SwitchAsync(modelName, reason, disabled: false, cancellationToken);

    public async Task<ModelServingControl> GetServingControlAsync(string modelName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        await access.DemandAsync(ResourceKind.RegisteredModel, modelName, PermissionLevel.Read, cancellationToken).ConfigureAwait(false);
        var record = await governance.GetGovernanceRecordAsync(GovernanceRecordKinds.ModelControl, modelName, cancellationToken).ConfigureAwait(false);
        return ToControl(modelName, record);
    }

    public async Task<JournalEntry> RecordOverrideAsync(OutputOverride outputOverride, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outputOverride);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputOverride.ModelName, nameof(outputOverride));
        ArgumentException.ThrowIfNullOrWhiteSpace(outputOverride.Reason, nameof(outputOverride));
        ArgumentException.ThrowIfNullOrWhiteSpace(outputOverride.PredictionReference, nameof(outputOverride));
        EnsureJson(nameof(OutputOverride.OriginalOutput), outputOverride.OriginalOutput);
        EnsureJson(nameof(OutputOverride.OverridingOutput), outputOverride.OverridingOutput);
        var (name, version) = (outputOverride.ModelName, outputOverride.Version);
        await access.DemandAsync(ResourceKind.RegisteredModel, name, PermissionLevel.Edit, cancellationToken).ConfigureAwait(false);

        // The version must exist: an override of an output no version produced is not evidence of anything.
        await registry.GetVersionAsync(name, version, cancellationToken).ConfigureAwait(false);
        var actor = actors.CurrentActor;
        var draft = new JournalDraft(
            JournalKinds.ModelOutputOverridden,
            string.Create(CultureInfo.InvariantCulture, $"model/{name}/{version}"),
            actor,
            time.GetUtcNow(),
            JournalPayload.Create(
                ("name", name), ("version", version), ("prediction", outputOverride.PredictionReference),
                ("originalOutput", outputOverride.OriginalOutput), ("overridingOutput", outputOverride.OverridingOutput),
                ("reason", outputOverride.Reason), ("actor", actor)));
        var entry = await journal.AppendJournalAsync(draft, cancellationToken).ConfigureAwait(false);
        OversightLog.Overridden(logger, actor, name, version, outputOverride.PredictionReference, outputOverride.Reason);
        return entry;
    }

    private async Task<ModelServingControl> SwitchAsync(string modelName, string reason, bool disabled, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        await access.DemandAsync(ResourceKind.RegisteredModel, modelName, PermissionLevel.Manage, cancellationToken,
            disabled ? nameof(DisableServingAsync) : nameof(EnableServingAsync)).ConfigureAwait(false);
        await registry.GetModelAsync(modelName, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var current = await governance.GetGovernanceRecordAsync(GovernanceRecordKinds.ModelControl, modelName, cancellationToken).ConfigureAwait(false);
            var control = ToControl(modelName, current);
            if (control.Disabled == disabled)
            {
                return control;
            }

            var actor = actors.CurrentActor;
            var now = time.GetUtcNow();
            var draft = new JournalDraft(
                disabled ? JournalKinds.ModelServingDisabled : JournalKinds.ModelServingEnabled,
                "model/" + modelName,
                actor,
                now,
                JournalPayload.Create(("name", modelName), ("reason", reason), ("actor", actor)));
            var json = JournalPayload.Create(("disabled", disabled), ("reason", reason));
            try
            {
                var record = await governance.PutGovernanceRecordAsync(
                    GovernanceRecordKinds.ModelControl, modelName, json, current?.Revision ?? 0, now, actor, draft, cancellationToken).ConfigureAwait(false);
                if (disabled)
                {
                    OversightLog.Disabled(logger, actor, modelName, reason);
                }
                else
                {
                    OversightLog.Enabled(logger, actor, modelName, reason);
                }

                return ToControl(modelName, record);
            }
            catch (MlopsConflictException) when (attempt < MaxAttempts)
            {
                // Someone else switched it meanwhile: read again and decide again.
            }
        }
    }

    private static ModelServingControl ToControl(string modelName, GovernanceRecord? record)
    {
        if (record is null)
        {
            return new ModelServingControl(modelName, false, null, null, null, 0);
        }

        using var json = JsonDocument.Parse(record.Json);
        var root = json.RootElement;
        var disabled = root.TryGetProperty("disabled", out var flag) && flag.ValueKind == JsonValueKind.True;
        var reason = root.TryGetProperty("reason", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
        return new ModelServingControl(modelName, disabled, reason, record.UpdatedBy, record.UpdatedAt, record.Revision);
    }

    private static void EnsureJson(string field, string? value)
    {
        if (value is null)
        {
            throw new MlopsValidationException(field, null, "an output is JSON (use \"null\" for none).");
        }

        try
        {
            using var _ = JsonDocument.Parse(value);
        }
        catch (JsonException e)
        {
            throw new MlopsValidationException(field, value, "an output is JSON: " + e.Message);
        }
    }
}
