using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Journal;
using Mlops.Registry;
using Mlops.Storage;

namespace Mlops.Governance;

internal sealed partial class PromotionWorkflow(
    PromotionRequestStore requests,
    PromotionPolicies policies,
    IModelRegistry registry,
    IAccessGuard access,
    IJournalStore journal,
    IActorAccessor actor,
    TimeProvider time,
    IOptions<ApprovalOptions> options,
    ILogger<PromotionWorkflow> logger) : IPromotionWorkflow
{
    public async Task<PromotionRequest> RequestAsync(string modelName, string alias, int version, string? comment = null, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(modelName);
        ModelNames.ValidateSettableAlias(alias);
        if (version < 1)
        {
            throw new MlopsValidationException("version", version.ToString(System.Globalization.CultureInfo.InvariantCulture), "model versions are numbered from 1.");
        }

        ValidateComment(comment);
        await access.DemandAsync(ResourceKind.RegisteredModel, modelName, PermissionLevel.Edit, cancellationToken).ConfigureAwait(false);
        var target = await registry.GetVersionAsync(modelName, version, cancellationToken).ConfigureAwait(false);
        if (target.Status == ModelVersionStatus.Archived)
        {
            throw new MlopsValidationException("model version", target.Uri, $"version {version} is archived; restore it before requesting its promotion to '{alias}'.");
        }

        var pending = (await ListAsync(modelName, PromotionRequestStatus.Pending, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(r => r.Alias == alias && r.Version == version);
        if (pending is not null)
        {
            throw new MlopsConflictException($"Promotion request '{pending.Id}' for alias '{alias}' of '{modelName}' to version {version} is already pending; approve or reject it instead of asking again.");
        }

        var now = time.GetUtcNow();
        var who = actor.CurrentActor;
        var request = new PromotionRequest
        {
            Id = PromotionRequestStore.NewId(modelName, alias, version),
            ModelName = modelName,
            Alias = alias,
            Version = version,
            VersionAuthor = target.CreatedBy,
            VersionDigest = target.ArtifactDigest,
            Status = PromotionRequestStatus.Pending,
            RequestedBy = who,
            RequestedAt = now,
            Comment = comment,
            RequiredApprovals = policies.RequiredApprovals(modelName, alias),
        };
        await requests.PutAsync(request, 0, now, who, Draft(JournalKinds.PromotionRequested, request, who, now, comment,
            ("requestedBy", who), ("required", request.RequiredApprovals)), cancellationToken).ConfigureAwait(false);
        ApprovalLog.Requested(logger, who, request.Id, alias, modelName, version);
        return request;
    }

    public async Task<PromotionRequest> GetAsync(string requestId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        return (await ReadCurrentAsync(requestId, cancellationToken).ConfigureAwait(false)).Stored.Request;
    }

    public async Task<IReadOnlyList<PromotionRequest>> ListAsync(string? modelName = null, PromotionRequestStatus? status = null, CancellationToken cancellationToken = default)
    {
        if (modelName is not null)
        {
            ModelNames.ValidateModelName(modelName);
        }

        var result = new List<PromotionRequest>();
        foreach (var stored in await requests.ListAsync(modelName, cancellationToken).ConfigureAwait(false))
        {
            var request = IsStale(stored.Request, time.GetUtcNow())
                ? (await ReadCurrentAsync(stored.Request.Id, cancellationToken).ConfigureAwait(false)).Stored.Request
                : stored.Request;
            if (status is null || request.Status == status)
            {
                result.Add(request);
            }
        }

        return result.OrderBy(r => r.RequestedAt).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<PromotionRequest>> ExpireStaleAsync(CancellationToken cancellationToken = default)
    {
        var expired = new List<PromotionRequest>();
        foreach (var stored in await requests.ListAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (IsStale(stored.Request, time.GetUtcNow()))
            {
                var (current, expiredNow) = await ReadCurrentAsync(stored.Request.Id, cancellationToken).ConfigureAwait(false);
                if (expiredNow)
                {
                    expired.Add(current.Request);
                }
            }
        }

        return expired;
    }

    private static void ValidateComment(string? comment)
    {
        if (comment is { Length: > PromotionRequest.MaxCommentLength })
        {
            throw new MlopsValidationException("comment", comment, $"a comment is at most {PromotionRequest.MaxCommentLength} characters (this one has {comment.Length}).");
        }
    }

    /// <summary>The status as journal payloads spell it: lowercase, like the other payload values people filter on.</summary>
    private static string StatusName(PromotionRequestStatus status) => status switch
    {
        PromotionRequestStatus.Pending => "pending",
        PromotionRequestStatus.Approved => "approved",
        PromotionRequestStatus.Rejected => "rejected",
        PromotionRequestStatus.Expired => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown promotion request status."),
    };

    private static string Subject(PromotionRequest request) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"model/{request.ModelName}/{request.Version}");

    /// <summary>A promotion.* entry: subject <c>model/NAME/VERSION</c>, payload requestId, alias, version, status, comment, then <paramref name="extra"/>.</summary>
    private static JournalDraft Draft(string kind, PromotionRequest request, string who, DateTimeOffset at, string? comment, params (string Name, object? Value)[] extra)
    {
        (string, object?)[] common =
        [
            ("requestId", request.Id), ("model", request.ModelName), ("alias", request.Alias), ("version", request.Version),
            ("status", StatusName(request.Status)), ("comment", comment),
        ];
        return new JournalDraft(kind, Subject(request), who, at, JournalPayload.Create([.. common, .. extra]));
    }
}
