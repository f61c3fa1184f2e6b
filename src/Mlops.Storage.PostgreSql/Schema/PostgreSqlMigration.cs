namespace Mlops.Storage.PostgreSql.Schema;

/// <summary>One schema step: the SQL that takes a database from <c>Version - 1</c> to <see cref="Version"/>.</summary>
/// <param name="Version">The version after this step.</param>
/// <param name="Description">What the step adds, for the log.</param>
/// <param name="Sql">The DDL statements, run in one transaction.</param>
internal sealed record PostgreSqlMigration(int Version, string Description, string Sql);
