using Mlops.Artifacts;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Governance;
using Mlops.Journal;
using Mlops.Registry;
using Mlops.Storage.Conformance.Registry;
using Mlops.Tracking;

namespace Mlops.Storage.Conformance.Transfer;

/// <summary>
/// Whole-store copy (IMlopsStoreTransfer through MlopsStoreCopy) from this provider into a fresh store of the same
/// provider: row-for-row equality, a target that keeps working where the source left off, refusals that leave the
/// target empty, and artifacts copied with their digests checked.
/// </summary>
/// <typeparam name="TProvider">The provider under test.</typeparam>
public abstract class StoreTransferConformanceTests<TProvider> : RegistryConformanceBase<TProvider>
    where TProvider : IStoreConformanceProvider, new()
{
    private static readonly string WorkloadDigest = new('c', 64);

    [Fact]
    public async Task A_copy_holds_every_row_of_every_table_exactly_and_its_journal_verifies()
    {
        await TransferWorkload.FillAsync(Store, WorkloadDigest, Ct);
        var target = await CreateFreshStoreAsync();
        var progress = new List<StoreCopyProgress>();

        var result = await MlopsStoreCopy.CopyAsync(Store, target, new StoreCopyOptions { Progress = new SyncProgress(progress.Add) }, Ct);

        var source = await CapturedStore.OfAsync(Store, Ct);
        (await CapturedStore.OfAsync(target, Ct)).ShouldEqual(source);
        source.Tables.Should().OnlyContain(t => t.Rows.Count > 0, "the workload gives every table rows, so every table is really compared");
        result.Tables.Select(t => (t.Table, t.Rows)).Should().Equal(source.Tables.Select(t => (t.Table.Name, (long)t.Rows.Count)));
        result.JournalEntries.Should().Be(source.Rows("journal").Count);
        result.SourceHead.Should().Be(await Store.GetJournalHeadAsync(Ct));
        result.TargetVerification.IsValid.Should().BeTrue();
        result.TargetVerification.Head.Should().Be(result.SourceHead);
        (await JournalVerifier.VerifyAsync(target, Ct)).IsValid.Should().BeTrue();
        progress.Should().Contain(p => p.Stage == "rows" && p.Table == "metric_chunks")
            .And.Contain(p => p.Stage == "commit").And.Contain(p => p.Stage == "verify");
    }

    [Fact]
    public async Task A_copy_answers_reads_like_the_source()
    {
        var work = await TransferWorkload.FillAsync(Store, WorkloadDigest, Ct);
        var target = await CreateFreshStoreAsync();

        await MlopsStoreCopy.CopyAsync(Store, target, cancellationToken: Ct);

        (await target.GetRunAsync(work.ParentRunId, Ct)).Should().BeEquivalentTo(await Store.GetRunAsync(work.ParentRunId, Ct));
        (await target.GetRunAsync(work.ChildRunId, Ct)).Should().BeEquivalentTo(await Store.GetRunAsync(work.ChildRunId, Ct));
        (await target.GetMetricHistoryAsync(work.ParentRunId, "loss", Ct)).Should().Equal(await Store.GetMetricHistoryAsync(work.ParentRunId, "loss", Ct));
        (await target.GetMetricHistoryAsync(work.ParentRunId, "grad_norm", Ct)).Select(m => m.Value)
            .Should().Equal(double.NaN, double.PositiveInfinity);
        (await target.ListExperimentsAsync(Ct)).Should().Equal(await Store.ListExperimentsAsync(Ct));
        (await target.GetAliasAsync(TransferWorkload.ModelName, "champion", Ct)).Should().Be(2);
        (await target.ListModelVersionsAsync(TransferWorkload.ModelName, Ct)).Should().BeEquivalentTo(
            await Store.ListModelVersionsAsync(TransferWorkload.ModelName, Ct));
        (await target.FindRunsByDatasetDigestAsync(new string('d', 64), Ct)).Select(r => r.RunId).Should().Equal(work.ParentRunId);
        (await target.GetGovernanceRecordAsync(GovernanceRecordKinds.PromotionRequest, "r-1", Ct))
            .Should().Be(await Store.GetGovernanceRecordAsync(GovernanceRecordKinds.PromotionRequest, "r-1", Ct));
        (await target.ReadInferenceRecordsAsync(new InferenceRecordQuery(), Ct))
            .Should().Equal(await Store.ReadInferenceRecordsAsync(new InferenceRecordQuery(), Ct));
    }

    [Fact]
    public async Task A_copy_goes_on_where_the_source_left_off()
    {
        var work = await TransferWorkload.FillAsync(Store, WorkloadDigest, Ct);
        var target = await CreateFreshStoreAsync();
        await MlopsStoreCopy.CopyAsync(Store, target, cancellationToken: Ct);
        var head = await target.GetJournalHeadAsync(Ct);
        var inference = await target.ReadInferenceRecordsAsync(new InferenceRecordQuery(), Ct);

        // Numbers the engine assigns (row keys, version numbers, journal and record sequences) continue past the copied ones.
        var experiment = await CreateExperimentAsync(store: target);
        var runId = await CreateRunAsync(experiment.ExperimentId, store: target);
        await target.AppendMetricsAsync(new[] { Point(runId, "loss", 0.5) }, Ct);
        await target.AppendMetricsAsync(new[] { Point(work.ParentRunId, "loss", 0.001, step: 300) }, Ct);
        var version = await RegistryOf(target).CreateModelVersionAsync(NewVersion(TransferWorkload.ModelName), VersionDraft(TransferWorkload.ModelName), Ct);
        var model = await RegistryOf(target).CreateRegisteredModelAsync("another", null, NoTags, T0, "alice", Draft(JournalKinds.ModelCreated, "model/another"), Ct);
        await target.AppendInferenceRecordsAsync([inference[0] with { Sequence = 0 }], Ct);

        version.Version.Should().Be(4, "version 3 was deleted but its number is never reused");
        model.Name.Should().Be("another");
        (await target.GetRunAsync(runId, Ct))!.Info.RunId.Should().Be(runId);
        (await target.GetMetricHistoryAsync(work.ParentRunId, "loss", Ct)).Should().HaveCount(301);
        (await target.ReadInferenceRecordsAsync(new InferenceRecordQuery(), Ct))[^1].Sequence.Should().BeGreaterThan(inference[^1].Sequence);
        var entries = await target.ReadJournalAsync(head!.Sequence + 1, 100, Ct);
        entries.Should().HaveCount(4);
        entries[0].PreviousHash.Should().Be(head.Hash);
        (await JournalVerifier.VerifyAsync(target, Ct)).IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task A_target_with_rows_is_refused_and_left_as_it_was()
    {
        await TransferWorkload.FillAsync(Store, WorkloadDigest, Ct);
        var target = await CreateFreshStoreAsync();
        await CreateExperimentAsync("already-here", target);
        var before = await CapturedStore.OfAsync(target, Ct);

        var act = () => MlopsStoreCopy.CopyAsync(Store, target, cancellationToken: Ct);

        (await act.Should().ThrowAsync<MlopsConflictException>()).WithMessage("*not empty*experiments*");
        (await CapturedStore.OfAsync(target, Ct)).ShouldEqual(before);
    }

    [Fact]
    public async Task A_tampered_source_journal_stops_the_copy_and_the_target_stays_empty_and_usable()
    {
        await TransferWorkload.FillAsync(Store, WorkloadDigest, Ct);
        await TamperJournalPayloadAsync(Store, 3, """{"subject":"forged"}""", Ct);
        var target = await CreateFreshStoreAsync();

        var act = () => MlopsStoreCopy.CopyAsync(Store, target, cancellationToken: Ct);

        (await act.Should().ThrowAsync<MlopsStorageException>()).WithMessage("*entry 3*altered*Nothing was copied*");
        (await CapturedStore.OfAsync(target, Ct)).TotalRows.Should().Be(0);
        // The failed import let go of the target's write lock.
        await CreateExperimentAsync(store: target);
    }

    [Fact]
    public async Task A_source_journal_with_a_missing_entry_stops_the_copy()
    {
        await TransferWorkload.FillAsync(Store, WorkloadDigest, Ct);
        await DeleteJournalEntryAsync(Store, 5, Ct);
        var target = await CreateFreshStoreAsync();

        var act = () => MlopsStoreCopy.CopyAsync(Store, target, cancellationToken: Ct);

        (await act.Should().ThrowAsync<MlopsStorageException>()).WithMessage("*entry 5 is missing*");
        (await CapturedStore.OfAsync(target, Ct)).TotalRows.Should().Be(0);
    }

    [Fact]
    public async Task A_cancelled_copy_commits_nothing_and_a_second_copy_succeeds()
    {
        await TransferWorkload.FillAsync(Store, WorkloadDigest, Ct);
        var target = await CreateFreshStoreAsync();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var options = new StoreCopyOptions
        {
            Progress = new SyncProgress(p =>
            {
                if (p.Table == "model_versions")
                {
                    cancel.Cancel();
                }
            }),
        };

        var act = () => MlopsStoreCopy.CopyAsync(Store, target, options, cancel.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        (await CapturedStore.OfAsync(target, Ct)).TotalRows.Should().Be(0);
        var result = await MlopsStoreCopy.CopyAsync(Store, target, cancellationToken: Ct);
        result.TargetVerification.IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task Artifacts_the_rows_name_are_copied_with_their_digests_checked_and_others_are_left_alone()
    {
        using var folders = new TempFolders();
        var sourceArtifacts = folders.NewArtifactStore();
        var targetArtifacts = folders.NewArtifactStore();
        var model = await sourceArtifacts.PutAsync(new MemoryStream("model bytes"u8.ToArray()), Ct);
        var unrelated = await sourceArtifacts.PutAsync(new MemoryStream("not referenced by any row"u8.ToArray()), Ct);
        var report = await sourceArtifacts.PutAsync(new MemoryStream("validation report"u8.ToArray()), Ct);
        await TransferWorkload.FillAsync(Store, model.Digest, Ct);
        await RegistryOf(Store).SetModelVersionTagsAsync(TransferWorkload.ModelName, 2,
            new Dictionary<string, string> { ["mlops.validation.report"] = $"{{\"digest\":\"{report.Digest}\"}}" }, Ct);
        var target = await CreateFreshStoreAsync();
        var options = new StoreCopyOptions { SourceArtifacts = sourceArtifacts, TargetArtifacts = targetArtifacts };

        var result = await MlopsStoreCopy.CopyAsync(Store, target, options, Ct);

        result.ArtifactsCopied.Should().Be(2);
        result.ArtifactBytes.Should().Be(model.Length + report.Length);
        await using (var read = await targetArtifacts.OpenReadAsync(model.Digest, Ct))
        {
            new StreamReader(read).ReadToEnd().Should().Be("model bytes");
        }

        (await targetArtifacts.GetAsync(report.Digest, Ct)).Should().NotBeNull("a digest inside a tag's JSON is found too");
        (await targetArtifacts.GetAsync(unrelated.Digest, Ct)).Should().BeNull("only what the rows name is copied");

        var again = await CreateFreshStoreAsync();
        var second = await MlopsStoreCopy.CopyAsync(Store, again, options, Ct);
        second.ArtifactsCopied.Should().Be(0);
        second.ArtifactsPresent.Should().Be(2);
    }

    [Fact]
    public async Task Bad_requests_are_refused_before_anything_is_written()
    {
        var target = await CreateFreshStoreAsync();
        using var folders = new TempFolders();

        var intoItself = () => MlopsStoreCopy.CopyAsync(Store, Store, cancellationToken: Ct);
        var oneArtifactStore = () => MlopsStoreCopy.CopyAsync(Store, target,
            new StoreCopyOptions { SourceArtifacts = folders.NewArtifactStore() }, Ct);

        (await intoItself.Should().ThrowAsync<MlopsValidationException>()).WithMessage("*itself*");
        (await oneArtifactStore.Should().ThrowAsync<MlopsValidationException>()).WithMessage("*TargetArtifacts*both*");
        (await CapturedStore.OfAsync(target, Ct)).TotalRows.Should().Be(0);
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool and race the assertions).</summary>
    private sealed class SyncProgress(Action<StoreCopyProgress> report) : IProgress<StoreCopyProgress>
    {
        public void Report(StoreCopyProgress value) => report(value);
    }

    private sealed class TempFolders : IDisposable
    {
        private readonly List<string> _paths = [];
        private readonly List<ServiceProvider> _providers = [];

        /// <summary>A file-system artifact store in a new folder, built the way applications get one.</summary>
        public IArtifactStore NewArtifactStore()
        {
            var services = new ServiceCollection();
            services.AddMlops(m => m.UseFileSystemArtifacts(New()));
            var provider = services.BuildServiceProvider();
            _providers.Add(provider);
            return provider.GetRequiredService<IArtifactStore>();
        }

        public string New()
        {
            var path = Path.Combine(Path.GetTempPath(), "mlops-transfer-" + Guid.NewGuid().ToString("N"));
            _paths.Add(path);
            return path;
        }

        public void Dispose()
        {
            _providers.ForEach(p => p.Dispose());
            foreach (var path in _paths.Where(Directory.Exists))
            {
                Directory.Delete(path, recursive: true);
            }
        }
    }
}
