using System.Globalization;
using Mlops.Journal;
using Mlops.Registry;
using Mlops.Tracking;

namespace Mlops.Storage.Sqlite.Tests.TestSupport;

/// <summary>Short ways to put data in a store for the provider tests.</summary>
internal static class StoreData
{
    public static readonly DateTimeOffset T0 = new(2024, 5, 1, 8, 0, 0, TimeSpan.Zero);

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string NewId() => Guid.NewGuid().ToString("N");

    public static JournalDraft Draft(string kind, string subject) =>
        new(kind, subject, "tests", T0, JournalPayload.Create(("subject", subject)));

    public static Task<Experiment> ExperimentAsync(this IMlopsStore store, string? name = null)
    {
        name ??= "exp-" + NewId();
        return store.GetOrCreateExperimentAsync(NewId(), name, T0, "alice", Draft(JournalKinds.ExperimentCreated, "experiment/" + name), Ct);
    }

    public static async Task<string> RunAsync(
        this IMlopsStore store, string experimentId, string? name = null, DateTimeOffset? start = null, IReadOnlyDictionary<string, string>? tags = null)
    {
        var runId = NewId();
        await store.CreateRunAsync(
            new NewRun(runId, experimentId, name ?? "run-" + runId[..6], null, start ?? T0, "alice", tags ?? new Dictionary<string, string>()),
            Draft(JournalKinds.RunCreated, "run/" + runId), Ct);
        return runId;
    }

    public static MetricPoint Point(string runId, string key, double value, long step = 0, long offsetMs = 0) =>
        new(runId, key, value, step, T0.ToUnixTimeMilliseconds() + offsetMs);

    public static string Digest(int seed) => seed.ToString("x64", CultureInfo.InvariantCulture);

    public static Task<RegisteredModel> ModelAsync(this IMlopsStore store, string name, IReadOnlyDictionary<string, string>? tags = null, string? description = null) =>
        store.CreateRegisteredModelAsync(name, description, tags ?? new Dictionary<string, string>(), T0, "alice",
            Draft(JournalKinds.ModelCreated, "model/" + name), Ct);

    public static Task<ModelVersion> VersionAsync(
        this IMlopsStore store, string model, string? runId = null, IReadOnlyDictionary<string, string>? tags = null, DateTimeOffset? createdAt = null) =>
        store.CreateModelVersionAsync(
            new NewModelVersion(model, "mlnet", Digest(1), 42, null, runId, runId is null ? "stream" : $"runs:/{runId}/model", null,
                tags ?? new Dictionary<string, string>(), createdAt ?? T0, "alice"),
            VersionDraft(model), Ct);

    public static Func<int, JournalDraft> VersionDraft(string model) =>
        number => Draft(JournalKinds.ModelVersionRegistered, $"model/{model}/{number.ToString(CultureInfo.InvariantCulture)}");
}
