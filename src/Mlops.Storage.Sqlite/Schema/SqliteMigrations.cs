namespace Mlops.Storage.Sqlite.Schema;

/// <summary>
/// Every schema version, in order. Append new steps; never edit a step that shipped (databases in the field ran it).
/// </summary>
internal static class SqliteMigrations
{
    /// <summary>Tracking core and the journal.</summary>
    private const string V1 = """
        CREATE TABLE experiments (
            experiment_id TEXT NOT NULL PRIMARY KEY,
            name          TEXT NOT NULL UNIQUE,
            created_at    INTEGER NOT NULL,
            created_by    TEXT NOT NULL
        );

        -- run_key is the small integer the other tables use, so that metric rows stay narrow.
        CREATE TABLE runs (
            run_key       INTEGER PRIMARY KEY,
            run_id        TEXT NOT NULL UNIQUE,
            experiment_id TEXT NOT NULL REFERENCES experiments (experiment_id),
            run_name      TEXT NOT NULL,
            parent_run_id TEXT NULL REFERENCES runs (run_id),
            status        TEXT NOT NULL,
            start_time    INTEGER NOT NULL,
            end_time      INTEGER NULL,
            user_name     TEXT NOT NULL,
            error         TEXT NULL
        );
        CREATE INDEX ix_runs_experiment_start ON runs (experiment_id, start_time DESC, run_id);
        CREATE INDEX ix_runs_parent ON runs (parent_run_id, start_time, run_id) WHERE parent_run_id IS NOT NULL;

        CREATE TABLE params (
            run_key INTEGER NOT NULL REFERENCES runs (run_key),
            key     TEXT NOT NULL,
            value   TEXT NOT NULL,
            PRIMARY KEY (run_key, key)
        ) WITHOUT ROWID;

        CREATE TABLE tags (
            run_key INTEGER NOT NULL REFERENCES runs (run_key),
            key     TEXT NOT NULL,
            value   TEXT NOT NULL,
            PRIMARY KEY (run_key, key)
        ) WITHOUT ROWID;

        -- Metric history, lean for the hot ingest path: one row per (run, key) per appended batch (split at
        -- MetricChunk.MaxPoints), whose blob packs the points in append order (see MetricChunk for the format). A batch
        -- of thousands of points is a handful of rows; chunk_id keeps the append order between batches.
        CREATE TABLE metric_chunks (
            chunk_id INTEGER PRIMARY KEY,
            run_key  INTEGER NOT NULL,
            key      TEXT NOT NULL,
            points   BLOB NOT NULL
        );
        CREATE INDEX ix_metric_chunks_history ON metric_chunks (run_key, key, chunk_id);

        -- value NULL stands for NaN here (SQLite stores NaN as NULL); infinities are kept as such.
        CREATE TABLE latest_metrics (
            run_key INTEGER NOT NULL REFERENCES runs (run_key),
            key     TEXT NOT NULL,
            step    INTEGER NOT NULL,
            ts      INTEGER NOT NULL,
            value   REAL NULL,
            PRIMARY KEY (run_key, key)
        ) WITHOUT ROWID;

        CREATE TABLE journal (
            sequence      INTEGER PRIMARY KEY,
            ts            INTEGER NOT NULL,
            kind          TEXT NOT NULL,
            subject       TEXT NOT NULL,
            actor         TEXT NOT NULL,
            payload       TEXT NOT NULL,
            previous_hash TEXT NOT NULL,
            hash          TEXT NOT NULL
        );

        CREATE TABLE journal_head (
            id       INTEGER PRIMARY KEY CHECK (id = 1),
            sequence INTEGER NOT NULL,
            hash     TEXT NOT NULL
        );
        """;

    /// <summary>Datasets, run artifacts and the indexes search uses.</summary>
    private const string V2 = """
        CREATE TABLE dataset_inputs (
            input_id    INTEGER PRIMARY KEY,
            run_key     INTEGER NOT NULL REFERENCES runs (run_key),
            digest      TEXT NOT NULL,
            context     TEXT NOT NULL,
            name        TEXT NOT NULL,
            source      TEXT NOT NULL,
            schema_json TEXT NULL,
            row_count   INTEGER NULL,
            UNIQUE (run_key, digest, context)
        );
        CREATE INDEX ix_dataset_inputs_digest ON dataset_inputs (digest);

        CREATE TABLE run_artifacts (
            run_key INTEGER NOT NULL REFERENCES runs (run_key),
            path    TEXT NOT NULL,
            digest  TEXT NOT NULL,
            length  INTEGER NOT NULL,
            PRIMARY KEY (run_key, path)
        ) WITHOUT ROWID;

        CREATE INDEX ix_params_key_value ON params (key, value);
        CREATE INDEX ix_tags_key_value ON tags (key, value);
        CREATE INDEX ix_latest_metrics_key_value ON latest_metrics (key, value);
        """;

    /// <summary>The model registry: registered models, versions, their tags and aliases.</summary>
    private const string V3 = """
        -- model_key is what versions, tags and aliases refer to, so that a rename is one UPDATE of this row.
        -- latest_version is the highest number ever assigned: it stays when that version is deleted, so numbers are
        -- never reused.
        CREATE TABLE registered_models (
            model_key      INTEGER PRIMARY KEY,
            name           TEXT NOT NULL UNIQUE,
            description    TEXT NULL,
            created_at     INTEGER NOT NULL,
            updated_at     INTEGER NOT NULL,
            created_by     TEXT NOT NULL,
            latest_version INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE model_tags (
            model_key INTEGER NOT NULL REFERENCES registered_models (model_key),
            key       TEXT NOT NULL,
            value     TEXT NOT NULL,
            PRIMARY KEY (model_key, key)
        ) WITHOUT ROWID;
        CREATE INDEX ix_model_tags_key_value ON model_tags (key, value);

        -- status is READY or ARCHIVED; signature_json is the version's ModelSignature JSON.
        CREATE TABLE model_versions (
            version_key     INTEGER PRIMARY KEY,
            model_key       INTEGER NOT NULL REFERENCES registered_models (model_key),
            version         INTEGER NOT NULL,
            flavor          TEXT NOT NULL,
            artifact_digest TEXT NOT NULL,
            artifact_length INTEGER NOT NULL,
            signature_json  TEXT NULL,
            run_id          TEXT NULL REFERENCES runs (run_id),
            source          TEXT NOT NULL,
            description     TEXT NULL,
            status          TEXT NOT NULL,
            created_at      INTEGER NOT NULL,
            created_by      TEXT NOT NULL,
            UNIQUE (model_key, version)
        );
        -- Lineage: versions by producing run; with ix_dataset_inputs_digest and the runs key, dataset digest -> runs -> versions.
        CREATE INDEX ix_model_versions_run ON model_versions (run_id) WHERE run_id IS NOT NULL;

        CREATE TABLE model_version_tags (
            version_key INTEGER NOT NULL REFERENCES model_versions (version_key),
            key         TEXT NOT NULL,
            value       TEXT NOT NULL,
            PRIMARY KEY (version_key, key)
        ) WITHOUT ROWID;

        -- The foreign key to (model_key, version) makes deleting an aliased version fail even if code forgot to check.
        CREATE TABLE model_aliases (
            model_key INTEGER NOT NULL REFERENCES registered_models (model_key),
            alias     TEXT NOT NULL,
            version   INTEGER NOT NULL,
            PRIMARY KEY (model_key, alias),
            FOREIGN KEY (model_key, version) REFERENCES model_versions (model_key, version)
        ) WITHOUT ROWID;
        CREATE INDEX ix_model_aliases_version ON model_aliases (model_key, version);
        """;

    /// <summary>Governance records, inference records and journal indexes for audit queries.</summary>
    private const string V4 = """
        -- Versioned JSON documents (promotion requests, permissions, model controls, model card fields); each change is
        -- written with its journal entry in one transaction, and revision makes concurrent writers conflict, not overwrite.
        CREATE TABLE governance_records (
            kind       TEXT NOT NULL,
            id         TEXT NOT NULL,
            revision   INTEGER NOT NULL,
            json       TEXT NOT NULL,
            updated_at INTEGER NOT NULL,
            updated_by TEXT NOT NULL,
            PRIMARY KEY (kind, id)
        ) WITHOUT ROWID;

        -- Inference records are data (like metric points): appended in batches, purged by age.
        CREATE TABLE inference_records (
            sequence     INTEGER PRIMARY KEY AUTOINCREMENT,
            ts           INTEGER NOT NULL,
            model_name   TEXT NOT NULL,
            version      INTEGER NOT NULL,
            model_digest TEXT NOT NULL,
            variant      TEXT NOT NULL,
            input        TEXT NULL,
            input_hash   TEXT NOT NULL,
            output       TEXT NOT NULL,
            trace_id     TEXT NULL
        );
        CREATE INDEX ix_inference_records_ts ON inference_records (ts);
        CREATE INDEX ix_inference_records_model ON inference_records (model_name, version, sequence);

        CREATE INDEX ix_journal_subject ON journal (subject, sequence);
        CREATE INDEX ix_journal_actor ON journal (actor, sequence);
        CREATE INDEX ix_journal_kind ON journal (kind, sequence);
        CREATE INDEX ix_journal_ts ON journal (ts, sequence);
        """;

    /// <summary>The steps; step <c>i</c> takes the database to version <c>i + 1</c>.</summary>
    public static IReadOnlyList<SqliteMigration> All { get; } =
    [
        new(1, "experiments, runs, params, tags, metrics and the journal", V1),
        new(2, "dataset inputs, run artifacts and search indexes", V2),
        new(3, "model registry: registered models, versions, tags and aliases", V3),
        new(4, "governance records, inference records and journal audit indexes", V4),
    ];

    /// <summary>The newest schema version this code knows.</summary>
    public static int LatestVersion => All.Count;
}
