using System.Text.Json;
using Mlops.Journal;
using Mlops.Storage;

namespace Mlops.Governance;

/// <summary>A stored promotion request and the revision it was read at.</summary>
internal readonly record struct StoredPromotionRequest(PromotionRequest Request, long Revision);

/// <summary>Promotion requests as governance records of kind <see cref="GovernanceRecordKinds.PromotionRequest"/>.</summary>
internal sealed class PromotionRequestStore(IGovernanceStore store)
{
    private const string Kind = GovernanceRecordKinds.PromotionRequest;

    /// <summary>A new id, <c>MODEL/ALIAS/VERSION/RANDOM</c>: model names and aliases hold no '/', so the model prefix lists a model's requests.</summary>
    public static string NewId(string modelName, string alias, int version) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{modelName}/{alias}/{version}/{Guid.NewGuid():N}");

    public async Task<StoredPromotionRequest?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var record = await store.GetGovernanceRecordAsync(Kind, id, cancellationToken).ConfigureAwait(false);
        return record is null ? null : new StoredPromotionRequest(Deserialize(record), record.Revision);
    }

    public async Task<IReadOnlyList<StoredPromotionRequest>> ListAsync(string? modelName, CancellationToken cancellationToken)
    {
        var records = await store.ListGovernanceRecordsAsync(Kind, modelName is null ? null : modelName + "/", cancellationToken).ConfigureAwait(false);
        return records.Select(r => new StoredPromotionRequest(Deserialize(r), r.Revision)).ToList();
    }

    /// <summary>Writes <paramref name="request"/> over the revision read (0 to create) with its journal entry; <see cref="MlopsConflictException"/> when it changed meanwhile.</summary>
    public async Task<StoredPromotionRequest> PutAsync(PromotionRequest request, long expectedRevision, DateTimeOffset at, string actor, JournalDraft journal, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(request, PromotionRequestJsonContext.Default.PromotionRequest);
        var record = await store.PutGovernanceRecordAsync(Kind, request.Id, json, expectedRevision, at, actor, journal, cancellationToken).ConfigureAwait(false);
        return new StoredPromotionRequest(request, record.Revision);
    }

    private static PromotionRequest Deserialize(GovernanceRecord record)
    {
        try
        {
            return JsonSerializer.Deserialize(record.Json, PromotionRequestJsonContext.Default.PromotionRequest)
                ?? throw new MlopsValidationException("promotion request", record.Id, "the stored document is null.");
        }
        catch (JsonException e)
        {
            throw new MlopsValidationException("promotion request", record.Id, "the stored document is not a promotion request: " + e.Message);
        }
    }
}
