using Mlops.Governance;
using Mlops.Journal;
using Mlops.Search;

namespace Mlops.Registry;

internal sealed partial class ModelRegistry
{
    private const int ListPageSize = 1000;

    public async Task<RegisteredModel> CreateModelAsync(string name, string? description = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        ValidateDescription(description);
        ValidateTags(tags);
        await DemandAsync(name, PermissionLevel.Edit, cancellationToken).ConfigureAwait(false);
        var actor = _actor.CurrentActor;
        var now = _time.GetUtcNow();
        var draft = new JournalDraft(JournalKinds.ModelCreated, ModelSubject(name), actor, now, JournalPayload.Create(("name", name)));
        return await _store.CreateRegisteredModelAsync(name, description, tags ?? new Dictionary<string, string>(), now, actor, draft, cancellationToken).ConfigureAwait(false);
    }

    public async Task<RegisteredModel> GetModelAsync(string name, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        await DemandAsync(name, PermissionLevel.Read, cancellationToken).ConfigureAwait(false);
        return await RequireModelAsync(name, cancellationToken).ConfigureAwait(false);
    }

    public async Task<RegisteredModel> RenameModelAsync(string name, string newName, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        ModelNames.ValidateModelName(newName);
        await DemandAsync(name, PermissionLevel.Manage, cancellationToken).ConfigureAwait(false);

        // The new name is a model coming into being: the same right as creating one.
        await DemandAsync(newName, PermissionLevel.Edit, cancellationToken).ConfigureAwait(false);
        var actor = _actor.CurrentActor;
        var now = _time.GetUtcNow();
        var draft = new JournalDraft(JournalKinds.ModelRenamed, ModelSubject(name), actor, now,
            JournalPayload.Create(("oldName", name), ("newName", newName)));
        var renamed = await _store.RenameRegisteredModelAsync(name, newName, now, draft, cancellationToken).ConfigureAwait(false);
        _cache.Evict(name);
        return renamed;
    }

    public async Task<RegisteredModel> UpdateModelDescriptionAsync(string name, string? description, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        ValidateDescription(description);
        await DemandAsync(name, PermissionLevel.Edit, cancellationToken).ConfigureAwait(false);
        await _store.UpdateRegisteredModelAsync(name, description, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return await RequireModelAsync(name, cancellationToken).ConfigureAwait(false);
    }

    public async Task SetModelTagAsync(string name, string key, string value, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        InputRules.ValidateKey("tag key", key);
        InputRules.ValidateTagValue(key, value);
        await DemandAsync(name, PermissionLevel.Edit, cancellationToken).ConfigureAwait(false);
        await _store.SetRegisteredModelTagsAsync(name, new Dictionary<string, string>(StringComparer.Ordinal) { [key] = value }, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteModelTagAsync(string name, string key, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        InputRules.ValidateKey("tag key", key);
        await DemandAsync(name, PermissionLevel.Edit, cancellationToken).ConfigureAwait(false);
        await _store.DeleteRegisteredModelTagAsync(name, key, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RegisteredModel>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        var models = new List<RegisteredModel>();
        string? token = null;
        do
        {
            var page = await _store.SearchRegisteredModelsAsync(new ModelSearchRequest(null, [], ListPageSize, token), cancellationToken).ConfigureAwait(false);
            models.AddRange(page.Models);
            token = page.NextPageToken;
        }
        while (token is not null);

        return AccessEnforced ? await FilterReadableAsync(models, m => m.Name, cancellationToken).ConfigureAwait(false) : models;
    }

    /// <summary>A page leaves out the models the actor cannot read, so it may hold fewer than <see cref="ModelQuery.MaxResults"/>; follow the token.</summary>
    public async Task<ModelSearchPage> SearchModelsAsync(ModelQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var request = new ModelSearchRequest(
            ModelSearchParser.ParseFilter(query.Filter),
            ModelSearchParser.ParseOrderBy(query.OrderBy),
            query.MaxResults,
            query.PageToken);
        var page = await _store.SearchRegisteredModelsAsync(request, cancellationToken).ConfigureAwait(false);
        return AccessEnforced ? page with { Models = await FilterReadableAsync(page.Models, m => m.Name, cancellationToken).ConfigureAwait(false) } : page;
    }
}
