using Microsoft.Extensions.DependencyInjection;
using Mlops.Artifacts;
using Mlops.Journal;

namespace Mlops.Storage;

/// <summary>
/// Copies a whole store into an empty one of the same schema — moving up from the embedded SQLite store to PostgreSQL,
/// or back down — journal included, and proves the copy: the journal's hash chain is recomputed row by row on the way
/// (a broken source chain stops the copy before anything is committed), every artifact the rows name is copied and
/// digest-checked before the metadata commits, and the committed target's journal is verified again, read back from the
/// target, against the source's head.
/// </summary>
/// <remarks>
/// The copy reads one consistent snapshot of the source; writes that commit on the source after it starts are not copied,
/// so stop the applications writing to it first. The target is written in one transaction: a failure anywhere leaves it
/// as empty as it was.
/// </remarks>
public static class MlopsStoreCopy
{
    /// <summary>
    /// Copies the store (and, when both are configured, the artifacts) of the application configured in
    /// <paramref name="source"/> into the one configured in <paramref name="target"/>: the same <c>AddMlops(...)</c>
    /// configuration an application uses, so the copy goes exactly where the application will look.
    /// </summary>
    /// <param name="source">Services with the source store (e.g. <c>UseSqlite</c>) and its artifact store.</param>
    /// <param name="target">Services with the target store (e.g. <c>UsePostgreSql</c>) and its artifact store.</param>
    /// <param name="progress">Optional progress reports.</param>
    /// <param name="cancellationToken">Cancels the copy; nothing is committed then.</param>
    public static Task<StoreCopyResult> CopyAsync(
        IServiceProvider source, IServiceProvider target, IProgress<StoreCopyProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var options = new StoreCopyOptions
        {
            SourceArtifacts = source.GetService<IArtifactStore>(),
            TargetArtifacts = target.GetService<IArtifactStore>(),
            Progress = progress,
        };
        return CopyAsync(source.GetRequiredService<IMlopsStore>(), target.GetRequiredService<IMlopsStore>(), options, cancellationToken);
    }

    /// <summary>Copies <paramref name="source"/> into the empty <paramref name="target"/>; see the class remarks.</summary>
    /// <param name="source">The store to copy; it is only read.</param>
    /// <param name="target">An empty store (created and migrated if needed) of the same schema version.</param>
    /// <param name="options">Artifact stores and progress; <see langword="null"/> copies the metadata only.</param>
    /// <param name="cancellationToken">Cancels the copy; nothing is committed then.</param>
    /// <exception cref="MlopsValidationException">The stores are the same object, only one artifact store is given, or a store cannot be copied.</exception>
    /// <exception cref="MlopsConflictException">The target is not empty.</exception>
    /// <exception cref="MlopsStorageException">The schema versions differ, or the source journal does not verify (nothing is committed).</exception>
    public static async Task<StoreCopyResult> CopyAsync(
        IMlopsStore source, IMlopsStore target, StoreCopyOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        options ??= new StoreCopyOptions();
        if (ReferenceEquals(source, target))
        {
            throw new MlopsValidationException("target", target.ProviderName, "a store cannot be copied into itself.");
        }

        if ((options.SourceArtifacts is null) != (options.TargetArtifacts is null))
        {
            throw new MlopsValidationException(
                options.SourceArtifacts is null ? nameof(StoreCopyOptions.SourceArtifacts) : nameof(StoreCopyOptions.TargetArtifacts),
                null, "artifacts are copied only when both the source and the target artifact store are given.");
        }

        if (options.ProgressInterval < 1)
        {
            throw new MlopsValidationException(nameof(StoreCopyOptions.ProgressInterval),
                options.ProgressInterval.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be at least 1.");
        }

        var from = AsTransfer(source, "source");
        var to = AsTransfer(target, "target");
        await source.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await target.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var sourceVersion = await source.GetSchemaVersionAsync(cancellationToken).ConfigureAwait(false);
        var targetVersion = await target.GetSchemaVersionAsync(cancellationToken).ConfigureAwait(false);
        if (sourceVersion != targetVersion)
        {
            throw new MlopsStorageException(
                $"Cannot copy a {source.ProviderName} store at schema version {sourceVersion} into a {target.ProviderName} store at schema version "
                + $"{targetVersion}: both must be at the same version (open both with the same Mlops.Sdk release). Nothing was copied.");
        }

        var import = await to.BeginImportAsync(cancellationToken).ConfigureAwait(false);
        await using (import.ConfigureAwait(false))
        {
            var sink = new CheckingSink(import, options, cancellationToken);
            await from.ExportAsync(sink, cancellationToken).ConfigureAwait(false);
            sink.Complete();

            var (copied, present, bytes) = options.SourceArtifacts is { } sourceArtifacts
                ? await CopyArtifactsAsync(sourceArtifacts, options.TargetArtifacts!, sink.Digests, options.Progress, cancellationToken).ConfigureAwait(false)
                : (0, 0, 0L);

            options.Progress?.Report(new StoreCopyProgress("commit", null, sink.TotalRows));
            await import.CommitAsync(cancellationToken).ConfigureAwait(false);

            options.Progress?.Report(new StoreCopyProgress("verify", null, sink.JournalEntries));
            var verification = await JournalVerifier.VerifyAsync(target, cancellationToken).ConfigureAwait(false);
            if (!verification.IsValid || verification.Head?.Sequence != (sink.Head?.Sequence ?? 0)
                || (sink.Head is not null && verification.Head?.Hash != sink.Head.Hash))
            {
                throw new MlopsStorageException(
                    $"The copy into the {target.ProviderName} store committed, but its journal does not verify against the source: "
                    + $"{verification.Problem ?? $"its head is entry {verification.Head?.Sequence}, the source's is entry {sink.Head?.Sequence ?? 0}"}. "
                    + "Do not use the target; empty it and copy again.");
            }

            return new StoreCopyResult(sink.Counts, sink.JournalEntries, sink.Head, verification, copied, present, bytes);
        }
    }

    private static IMlopsStoreTransfer AsTransfer(IMlopsStore store, string role) =>
        store as IMlopsStoreTransfer ?? throw new MlopsValidationException(role, store.ProviderName,
            $"the {store.ProviderName} store does not implement {nameof(IMlopsStoreTransfer)}, so it cannot be copied.");

    private static async Task<(int Copied, int Present, long Bytes)> CopyArtifactsAsync(
        IArtifactStore source, IArtifactStore target, IReadOnlyCollection<string> digests, IProgress<StoreCopyProgress>? progress,
        CancellationToken cancellationToken)
    {
        int copied = 0, present = 0;
        long bytes = 0;
        foreach (var digest in digests.Order(StringComparer.Ordinal))
        {
            // Rows name other SHA-256 values too (dataset digests, input hashes): only what the source stores is an artifact.
            if (await source.GetAsync(digest, cancellationToken).ConfigureAwait(false) is null)
            {
                continue;
            }

            if (await target.GetAsync(digest, cancellationToken).ConfigureAwait(false) is not null)
            {
                present++;
                continue;
            }

            var stream = await source.OpenReadAsync(digest, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var stored = await target.PutAsync(stream, cancellationToken).ConfigureAwait(false);
                if (!string.Equals(stored.Digest, digest, StringComparison.Ordinal))
                {
                    throw new MlopsArtifactIntegrityException(digest, stored.Digest);
                }

                bytes += stored.Length;
            }

            copied++;
            progress?.Report(new StoreCopyProgress("artifacts", null, copied));
        }

        return (copied, present, bytes);
    }

    /// <summary>Passes rows to the import while counting them, recomputing the journal chain and collecting digests.</summary>
    private sealed class CheckingSink(IStoreImport import, StoreCopyOptions options, CancellationToken cancellationToken) : IStoreRowSink
    {
        private readonly List<StoreTableCount> _counts = [];
        private readonly HashSet<string> _digests = new(StringComparer.Ordinal);
        private StoreTable? _table;
        private long _rows;
        private bool[] _scanned = [];
        private JournalColumns? _journal;
        private long _expectedSequence = 1;
        private string _previousHash = JournalChain.GenesisHash;
        private object?[]? _headRow;
        private int _headIndexSequence = -1;
        private int _headIndexHash = -1;

        public IReadOnlyList<StoreTableCount> Counts => _counts;

        public IReadOnlyCollection<string> Digests => _digests;

        public long TotalRows => _counts.Sum(c => c.Rows);

        public long JournalEntries => _expectedSequence - 1;

        public JournalHead? Head => _expectedSequence > 1 ? new JournalHead(_expectedSequence - 1, _previousHash) : null;

        public void BeginTable(StoreTable table)
        {
            ArgumentNullException.ThrowIfNull(table);
            if (_table is not null)
            {
                throw new InvalidOperationException($"Table '{_table.Name}' was not ended before '{table.Name}' began.");
            }

            _table = table;
            _rows = 0;
            // Hash columns hold chain or input hashes, never artifact digests.
            _scanned = table.Columns.Select(c => c is not ("hash" or "previous_hash" or "input_hash")).ToArray();
            _journal = table.Name == "journal" ? JournalColumns.Find(table) : null;
            if (table.Name == "journal_head")
            {
                _headIndexSequence = Require(table, "sequence");
                _headIndexHash = Require(table, "hash");
            }

            import.BeginTable(table);
            options.Progress?.Report(new StoreCopyProgress("rows", table.Name, 0));
        }

        public void WriteRow(object?[] values)
        {
            var table = _table ?? throw new InvalidOperationException("A row came before any table began.");
            if (values.Length != table.Columns.Count)
            {
                throw new MlopsStorageException(
                    $"Table '{table.Name}' row {_rows + 1} has {values.Length} values for {table.Columns.Count} columns. Nothing was copied.");
            }

            if (_journal is { } journal)
            {
                CheckJournalRow(journal, values);
            }
            else if (table.Name == "journal_head")
            {
                _headRow = (object?[])values.Clone();
            }

            for (var i = 0; i < values.Length; i++)
            {
                if (_scanned[i] && values[i] is string text)
                {
                    CollectDigests(text);
                }
            }

            import.WriteRow(values);
            _rows++;
            if (_rows % options.ProgressInterval == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                options.Progress?.Report(new StoreCopyProgress("rows", table.Name, _rows));
            }
        }

        public void EndTable()
        {
            var table = _table ?? throw new InvalidOperationException("No table to end.");
            import.EndTable();
            _counts.Add(new StoreTableCount(table.Name, _rows));
            options.Progress?.Report(new StoreCopyProgress("rows", table.Name, _rows));
            _table = null;
            _journal = null;
            cancellationToken.ThrowIfCancellationRequested();
        }

        /// <summary>Checks what only the whole export shows: the recorded head matches the last entry.</summary>
        public void Complete()
        {
            if (_table is not null)
            {
                throw new InvalidOperationException($"Table '{_table.Name}' was not ended.");
            }

            if (_headRow is null)
            {
                if (_expectedSequence > 1)
                {
                    throw Broken(_expectedSequence - 1, "the journal has entries but no recorded head.");
                }

                return;
            }

            var headSequence = Convert.ToInt64(_headRow[_headIndexSequence], System.Globalization.CultureInfo.InvariantCulture);
            var headHash = _headRow[_headIndexHash] as string;
            if (headSequence != _expectedSequence - 1)
            {
                throw Broken(Math.Min(headSequence, _expectedSequence),
                    $"the recorded head is entry {headSequence} but the journal ends at entry {_expectedSequence - 1}.");
            }

            if (headSequence > 0 && !string.Equals(headHash, _previousHash, StringComparison.Ordinal))
            {
                throw Broken(headSequence, $"entry {headSequence} does not match the recorded head hash.");
            }
        }

        private void CheckJournalRow(JournalColumns c, object?[] values)
        {
            var entry = new JournalEntry(
                Convert.ToInt64(values[c.Sequence], System.Globalization.CultureInfo.InvariantCulture),
                DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(values[c.Timestamp], System.Globalization.CultureInfo.InvariantCulture)),
                (string)values[c.Kind]!, (string)values[c.Subject]!, (string)values[c.Actor]!, (string)values[c.Payload]!,
                (string)values[c.PreviousHash]!, (string)values[c.Hash]!);
            if (entry.Sequence != _expectedSequence)
            {
                throw Broken(_expectedSequence, $"entry {_expectedSequence} is missing: the next stored entry is {entry.Sequence}.");
            }

            if (!string.Equals(entry.PreviousHash, _previousHash, StringComparison.Ordinal))
            {
                throw Broken(entry.Sequence, $"entry {entry.Sequence} does not link to entry {entry.Sequence - 1} (previous hash differs).");
            }

            if (!string.Equals(JournalChain.ComputeHash(entry), entry.Hash, StringComparison.Ordinal))
            {
                throw Broken(entry.Sequence, $"entry {entry.Sequence} was altered: its content does not match its hash.");
            }

            _expectedSequence++;
            _previousHash = entry.Hash;
        }

        private void CollectDigests(string text)
        {
            // Artifact digests are 64 lowercase hex characters, alone or inside JSON and tag values.
            var run = 0;
            for (var i = 0; i <= text.Length; i++)
            {
                if (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] is >= 'a' and <= 'f'))
                {
                    run++;
                    continue;
                }

                if (run == 64)
                {
                    _digests.Add(text.Substring(i - 64, 64));
                }

                run = 0;
            }
        }

        private static MlopsStorageException Broken(long sequence, string problem) => new(
            $"The source journal does not verify at entry {sequence}: {problem} Nothing was copied; "
            + "find out what changed the source journal (see IAuditLog.VerifyAsync) before moving it.");

        private static int Require(StoreTable table, string column)
        {
            var index = table.IndexOf(column);
            return index >= 0 ? index : throw new MlopsStorageException($"Table '{table.Name}' has no column '{column}'. Nothing was copied.");
        }

        private sealed record JournalColumns(int Sequence, int Timestamp, int Kind, int Subject, int Actor, int Payload, int PreviousHash, int Hash)
        {
            public static JournalColumns Find(StoreTable t) => new(
                Require(t, "sequence"), Require(t, "ts"), Require(t, "kind"), Require(t, "subject"), Require(t, "actor"),
                Require(t, "payload"), Require(t, "previous_hash"), Require(t, "hash"));
        }
    }
}
