using Mlops.Governance;
using Mlops.Journal;
using Mlops.Registry;
using Mlops.Tracking;

namespace Mlops.Storage.Conformance.Transfer;

/// <summary>
/// Fills a store through its own API so that every table a copy moves has rows, with the awkward values included
/// (NaN and infinite metrics, nulls, non-ASCII text, a deleted version, a purged record, a deleted tag).
/// </summary>
public static class TransferWorkload
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The model the workload registers.</summary>
    public const string ModelName = "penguins-species";

    /// <summary>What the workload created, for checks after a copy.</summary>
    /// <param name="ParentRunId">A finished parent run with params, tags, metrics, inputs and artifacts.</param>
    /// <param name="ChildRunId">A failed nested run.</param>
    /// <param name="ArtifactDigest">The digest version 2 of the model refers to.</param>
    public sealed record Result(string ParentRunId, string ChildRunId, string ArtifactDigest);

    /// <summary>Runs the workload; <paramref name="artifactDigest"/> is the digest versions and run artifacts refer to.</summary>
    public static async Task<Result> FillAsync(IMlopsStore store, string artifactDigest, CancellationToken ct)
    {
        var experiment = await store.GetOrCreateExperimentAsync("e1" + new string('0', 30), "penguins — größe", T0, "alice",
            Draft(JournalKinds.ExperimentCreated, "experiment/penguins"), ct);
        await store.GetOrCreateExperimentAsync("e2" + new string('0', 30), "cars", T0.AddSeconds(1), "bob",
            Draft(JournalKinds.ExperimentCreated, "experiment/cars"), ct);

        const string Parent = "a1000000000000000000000000000000";
        const string Child = "b2000000000000000000000000000000";
        await store.CreateRunAsync(new NewRun(Parent, experiment.ExperimentId, "train", null, T0, "alice",
            new Dictionary<string, string> { ["team"] = "ml" }), Draft(JournalKinds.RunCreated, $"run/{Parent}"), ct);
        await store.CreateRunAsync(new NewRun(Child, experiment.ExperimentId, "tune", Parent, T0.AddSeconds(2), "alice",
            new Dictionary<string, string>()), Draft(JournalKinds.RunCreated, $"run/{Child}"), ct);

        await store.LogParamsAsync(Parent, new Dictionary<string, string> { ["trees"] = "100", ["learning_rate"] = "0.2" }, ct);
        await store.SetTagsAsync(Parent, new Dictionary<string, string> { ["stage"] = "candidate", ["temp"] = "x" }, ct);
        await store.DeleteTagAsync(Parent, "temp", ct);

        var points = new List<MetricPoint>();
        for (var step = 0; step < 300; step++)
        {
            points.Add(new MetricPoint(Parent, "loss", 1.0 / (step + 1), step, T0.ToUnixTimeMilliseconds() + step));
            points.Add(new MetricPoint(Parent, "accuracy", step / 300.0, step, T0.ToUnixTimeMilliseconds() + step));
        }

        await store.AppendMetricsAsync(points.ToArray(), ct);
        await store.AppendMetricsAsync(new MetricPoint[]
        {
            new(Parent, "grad_norm", double.NaN, 0, T0.ToUnixTimeMilliseconds()),
            new(Parent, "grad_norm", double.PositiveInfinity, 1, T0.ToUnixTimeMilliseconds() + 1),
            new(Child, "loss", -0.0, 0, T0.ToUnixTimeMilliseconds()),
            new(Child, "weird", double.NaN, 0, T0.ToUnixTimeMilliseconds()),
        }, ct);

        await store.LogDatasetInputAsync(Parent, new DatasetInput("penguins", new string('d', 64), "samples/data/penguins.json",
            """{"columns":["Beak Length (mm)"]}""", 342, "training"), ct);
        await store.LogDatasetInputAsync(Child, new DatasetInput("penguins-eval", new string('e', 64), "memory", null, null, "evaluation"), ct);
        await store.AddRunArtifactAsync(Parent, new RunArtifact("model/model.zip", artifactDigest, 4242), ct);
        await store.EndRunAsync(Parent, RunStatus.Finished, T0.AddMinutes(5), null, Draft(JournalKinds.RunEnded, $"run/{Parent}"), ct);
        await store.EndRunAsync(Child, RunStatus.Failed, T0.AddMinutes(6), "diverged: loss was NaN",
            Draft(JournalKinds.RunEnded, $"run/{Child}"), ct);

        await store.CreateRegisteredModelAsync(ModelName, "species from beak and flipper", new Dictionary<string, string> { ["owner"] = "ml", ["tmp"] = "1" },
            T0.AddMinutes(7), "alice", Draft(JournalKinds.ModelCreated, $"model/{ModelName}"), ct);
        await store.DeleteRegisteredModelTagAsync(ModelName, "tmp", ct);
        for (var i = 1; i <= 3; i++)
        {
            await store.CreateModelVersionAsync(new NewModelVersion(ModelName, "mlnet", i == 2 ? artifactDigest : new string((char)('0' + i), 64), 4242,
                i == 2 ? """{"inputs":[{"name":"BeakLength","type":"Single"}]}""" : null, i == 1 ? null : Parent,
                i == 1 ? "stream" : $"runs:/{Parent}/model", i == 3 ? "to be deleted" : null,
                new Dictionary<string, string> { ["validation_status"] = i == 2 ? "PASSED" : "FAILED" }, T0.AddMinutes(7 + i), "alice"),
                n => Draft(JournalKinds.ModelVersionRegistered, $"model/{ModelName}/{n}"), ct);
        }

        await store.SetModelVersionStatusAsync(ModelName, 1, ModelVersionStatus.Archived, Draft(JournalKinds.ModelVersionStatusChanged, $"model/{ModelName}/1"), ct);
        await store.DeleteModelVersionAsync(ModelName, 3, Draft(JournalKinds.ModelVersionDeleted, $"model/{ModelName}/3"), ct);
        await store.SetAliasAsync(ModelName, "champion", 2, null, Draft(JournalKinds.ModelAliasSet, $"model/{ModelName}@champion"), ct);

        var request = await store.PutGovernanceRecordAsync(GovernanceRecordKinds.PromotionRequest, "r-1", """{"state":"pending"}""", 0,
            T0.AddMinutes(11), "alice", Draft(JournalKinds.PromotionRequested, $"model/{ModelName}@production"), ct);
        await store.PutGovernanceRecordAsync(GovernanceRecordKinds.PromotionRequest, "r-1", """{"state":"approved","by":"bob"}""", request.Revision,
            T0.AddMinutes(12), "bob", Draft(JournalKinds.PromotionApproved, $"model/{ModelName}@production"), ct);

        await store.AppendInferenceRecordsAsync(Enumerable.Range(0, 6).Select(i => new InferenceRecord(0, T0.AddMinutes(20 + i), ModelName, 2,
            artifactDigest, i % 2 == 0 ? "primary" : "canary", i == 3 ? null : $$"""{"BeakLength":{{40 + i}}}""", new string('f', 64),
            """{"PredictedLabel":"Adelie"}""", i == 4 ? null : "4bf92f3577b34da6a3ce929d0e0e4736")).ToList(), ct);
        await store.PurgeInferenceRecordsAsync(T0.AddMinutes(22), n => Draft(JournalKinds.InferenceRecordsPurged, "inference-records",
            JournalPayload.Create(("count", n))), ct);

        await store.AppendJournalAsync(Draft(JournalKinds.AuditExported, "audit", JournalPayload.Create(("note", "ünïcödé ✓"))), ct);
        return new Result(Parent, Child, artifactDigest);
    }

    private static JournalDraft Draft(string kind, string subject, string? payload = null) =>
        new(kind, subject, "workload", T0, payload ?? JournalPayload.Create(("subject", subject)));
}
