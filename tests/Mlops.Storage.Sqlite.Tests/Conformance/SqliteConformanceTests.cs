using Mlops.Storage.Conformance;
using Mlops.Storage.Conformance.Registry;

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

public sealed class SqliteRegisteredModelConformanceTests : RegisteredModelConformanceTests<SqliteConformanceProvider>;

public sealed class SqliteModelVersionConformanceTests : ModelVersionConformanceTests<SqliteConformanceProvider>;

public sealed class SqliteAliasConformanceTests : AliasConformanceTests<SqliteConformanceProvider>;

public sealed class SqliteModelSearchConformanceTests : ModelSearchConformanceTests<SqliteConformanceProvider>;

public sealed class SqliteRegistryLineageConformanceTests : RegistryLineageConformanceTests<SqliteConformanceProvider>;

public sealed class SqliteRegistryJournalConformanceTests : RegistryJournalConformanceTests<SqliteConformanceProvider>;

public sealed class SqliteRegistryConcurrencyConformanceTests : RegistryConcurrencyConformanceTests<SqliteConformanceProvider>;

public sealed class SqliteGovernanceRecordConformanceTests : Mlops.Storage.Conformance.Governance.GovernanceRecordConformanceTests<SqliteConformanceProvider>;

public sealed class SqliteInferenceRecordConformanceTests : Mlops.Storage.Conformance.Governance.InferenceRecordConformanceTests<SqliteConformanceProvider>;

public sealed class SqliteJournalQueryConformanceTests : Mlops.Storage.Conformance.Governance.JournalQueryConformanceTests<SqliteConformanceProvider>;

public sealed class SqliteStoreTransferConformanceTests : Mlops.Storage.Conformance.Transfer.StoreTransferConformanceTests<SqliteConformanceProvider>;
