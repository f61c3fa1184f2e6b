using Mlops.Storage.Conformance;

namespace Mlops.Storage.Sqlite.Tests.Conformance;

// The shared store contract, run against SQLite: one class per area of tests/Mlops.Storage.Conformance.

public sealed class SqliteExperimentConformanceTests : ExperimentConformanceTests<SqliteConformanceProvider>;

public sealed class SqliteRunConformanceTests : RunConformanceTests<SqliteConformanceProvider>;

public sealed class SqliteParamTagConformanceTests : ParamTagConformanceTests<SqliteConformanceProvider>;

public sealed class SqliteMetricConformanceTests : MetricConformanceTests<SqliteConformanceProvider>;

public sealed class SqliteDatasetArtifactConformanceTests : DatasetArtifactConformanceTests<SqliteConformanceProvider>;

public sealed class SqliteSearchConformanceTests : SearchConformanceTests<SqliteConformanceProvider>;

public sealed class SqliteJournalConformanceTests : JournalConformanceTests<SqliteConformanceProvider>;

public sealed class SqliteConcurrencyConformanceTests : ConcurrencyConformanceTests<SqliteConformanceProvider>;
