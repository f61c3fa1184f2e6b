using Mlops.Journal;
using Mlops.Registry;
using Mlops.Search;

namespace Mlops.Storage.Conformance.Registry;

/// <summary>
/// The base of the registry conformance areas: the registry part of the store (<see cref="IRegistryStore"/>) plus helpers
/// that create models, versions and aliases with journal drafts, and a snapshot that a failed call must leave unchanged.
/// </summary>
/// <typeparam name="TProvider">The provider under test.</typeparam>
public abstract class RegistryConformanceBase<TProvider> : StoreConformanceBase<TProvider>
    where TProvider : IStoreConformanceProvider, new()
{
    /// <summary>The registry part of the test's store.</summary>
    protected IRegistryStore Registry => RegistryOf(Store);

    /// <summary>The registry part of a store object (through <see cref="object"/>, so it compiles whether or not <see cref="IMlopsStore"/> extends <see cref="IRegistryStore"/>).</summary>
    protected static IRegistryStore RegistryOf(object store) =>
        store as IRegistryStore ?? throw new InvalidOperationException($"{store?.GetType().Name} does not implement IRegistryStore.");

    /// <summary>No tags.</summary>
    protected static IReadOnlyDictionary<string, string> NoTags { get; } = new Dictionary<string, string>();

    /// <summary>A valid digest (64 lowercase hex) derived from <paramref name="seed"/>.</summary>
    protected static string Digest(int seed) => seed.ToString("x8", System.Globalization.CultureInfo.InvariantCulture).PadLeft(64, 'a');

    /// <summary>Tags from pairs.</summary>
    protected static Dictionary<string, string> Tags(params (string Key, string Value)[] tags) =>
        tags.ToDictionary(t => t.Key, t => t.Value);

    /// <summary>The journal subject of a model.</summary>
    protected static string ModelSubject(string name) => $"model/{name}";

    /// <summary>The journal subject of a version.</summary>
    protected static string VersionSubject(string name, int version) => $"model/{name}/{version}";

    /// <summary>The journal subject of an alias.</summary>
    protected static string AliasSubject(string name, string alias) => $"model/{name}@{alias}";

    /// <summary>Creates a registered model with a <c>model.created</c> draft.</summary>
    protected Task<RegisteredModel> CreateModelAsync(
        string name, string? description = null, IReadOnlyDictionary<string, string>? tags = null, DateTimeOffset? createdAt = null,
        string createdBy = "alice", IMlopsStore? store = null) =>
        RegistryOf(store ?? Store).CreateRegisteredModelAsync(name, description, tags ?? NoTags, createdAt ?? T0, createdBy,
            Draft(JournalKinds.ModelCreated, ModelSubject(name), createdAt), Ct);

    /// <summary>What a registration needs, with defaults.</summary>
    protected static NewModelVersion NewVersion(
        string name, string? runId = null, IReadOnlyDictionary<string, string>? tags = null, DateTimeOffset? createdAt = null,
        string? digest = null, string flavor = "mlnet", string? description = null, string? signature = null, string createdBy = "alice") =>
        new(name, flavor, digest ?? Digest(1), 1234, signature, runId, runId is null ? "stream" : $"runs:/{runId}/model", description,
            tags ?? NoTags, createdAt ?? T0.AddMinutes(1), createdBy);

    /// <summary>The journal factory of a registration: a <c>model.version.registered</c> draft for the assigned number.</summary>
    protected static Func<int, JournalDraft> VersionDraft(string name, string? note = null) =>
        number => Draft(JournalKinds.ModelVersionRegistered, VersionSubject(name, number), payload:
            JournalPayload.Create(("name", name), ("version", number), ("note", note)));

    /// <summary>Registers a version of <paramref name="name"/> and returns it.</summary>
    protected Task<ModelVersion> RegisterAsync(
        string name, string? runId = null, IReadOnlyDictionary<string, string>? tags = null, DateTimeOffset? createdAt = null,
        string? digest = null, IMlopsStore? store = null) =>
        RegistryOf(store ?? Store).CreateModelVersionAsync(NewVersion(name, runId, tags, createdAt, digest), VersionDraft(name), Ct);

    /// <summary>Sets or moves an alias with a <c>model.alias.set</c> draft.</summary>
    protected Task SetAliasAsync(string name, string alias, int version, int? expected, IMlopsStore? store = null) =>
        RegistryOf(store ?? Store).SetAliasAsync(name, alias, version, expected,
            Draft(JournalKinds.ModelAliasSet, AliasSubject(name, alias), payload: JournalPayload.Create(("alias", alias), ("old", expected), ("new", version))), Ct);

    /// <summary>Deletes an alias with a <c>model.alias.deleted</c> draft.</summary>
    protected Task DeleteAliasAsync(string name, string alias, int? expected) =>
        Registry.DeleteAliasAsync(name, alias, expected,
            Draft(JournalKinds.ModelAliasDeleted, AliasSubject(name, alias), payload: JournalPayload.Create(("alias", alias), ("old", expected))), Ct);

    /// <summary>Gets a model that must exist.</summary>
    protected async Task<RegisteredModel> GetModelAsync(string name)
    {
        var model = await Registry.GetRegisteredModelAsync(name, Ct);
        model.Should().NotBeNull("model {0} should exist", name);
        return model!;
    }

    /// <summary>Gets a version that must exist.</summary>
    protected async Task<ModelVersion> GetVersionAsync(string name, int version)
    {
        var found = await Registry.GetModelVersionAsync(name, version, Ct);
        found.Should().NotBeNull("version {0} of {1} should exist", version, name);
        return found!;
    }

    /// <summary>Every model's name, through search (default order: name).</summary>
    protected async Task<IReadOnlyList<string>> AllModelNamesAsync()
    {
        var page = await Registry.SearchRegisteredModelsAsync(new ModelSearchRequest(null, [], 50_000), Ct);
        return page.Models.Select(m => m.Name).ToList();
    }

    /// <summary>Creates an experiment and a run in it (through the tracking part of the store).</summary>
    protected async Task<string> NewRunAsync(DateTimeOffset? start = null) =>
        await CreateRunAsync((await CreateExperimentAsync()).ExperimentId, startTime: start);

    /// <summary>The last journal entry.</summary>
    protected async Task<JournalEntry> LastJournalEntryAsync() => (await ReadAllJournalAsync())[^1];

    /// <summary>Captures the journal, the tracking data and the named models with their versions (null where absent).</summary>
    protected async Task<RegistrySnapshot> SnapshotModelsAsync(params string[] names)
    {
        var models = new List<RegisteredModel?>();
        var versions = new List<IReadOnlyList<ModelVersion>?>();
        foreach (var name in names)
        {
            models.Add(await Registry.GetRegisteredModelAsync(name, Ct));
            try
            {
                versions.Add(await Registry.ListModelVersionsAsync(name, Ct));
            }
            catch (MlopsNotFoundException)
            {
                versions.Add(null);
            }
        }

        return new RegistrySnapshot(await SnapshotAsync(), models, versions, names);
    }

    /// <summary>Asserts that neither the journal nor the named models (and their versions, tags, aliases) changed.</summary>
    protected async Task ShouldBeUnchangedAsync(RegistrySnapshot before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var after = await SnapshotModelsAsync([.. before.Names]);
        await ShouldBeUnchangedAsync(before.Tracking);
        after.Models.Should().BeEquivalentTo(before.Models, o => o.WithStrictOrdering(), "a failed call must not change any model");
        after.Versions.Should().BeEquivalentTo(before.Versions, o => o.WithStrictOrdering(), "a failed call must not change any version");
    }

    /// <summary>Asserts that the journal chain verifies and returns the entries.</summary>
    protected async Task<IReadOnlyList<JournalEntry>> ShouldVerifyAsync()
    {
        var result = await JournalVerifier.VerifyAsync(Store, Ct);
        result.IsValid.Should().BeTrue(result.Problem);
        var journal = await ReadAllJournalAsync();
        result.EntriesChecked.Should().Be(journal.Count);
        return journal;
    }

    /// <summary>A timestamp as stored: whole milliseconds, UTC.</summary>
    protected static DateTimeOffset Stored(DateTimeOffset value) => DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());

    /// <summary>What <see cref="SnapshotModelsAsync"/> captured.</summary>
    /// <param name="Tracking">The journal and tracking data.</param>
    /// <param name="Models">The named models (null where absent).</param>
    /// <param name="Versions">Their versions (null where the model is absent).</param>
    /// <param name="Names">The names asked for.</param>
    protected sealed record RegistrySnapshot(
        StoreSnapshot Tracking, IReadOnlyList<RegisteredModel?> Models, IReadOnlyList<IReadOnlyList<ModelVersion>?> Versions,
        IReadOnlyList<string> Names);
}
