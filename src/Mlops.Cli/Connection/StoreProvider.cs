namespace Mlops.Cli.Connection;

/// <summary>The metadata store providers the CLI opens.</summary>
internal enum StoreProvider
{
    Sqlite,
    PostgreSql,
}
