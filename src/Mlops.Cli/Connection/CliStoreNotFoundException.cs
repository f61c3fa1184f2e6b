namespace Mlops.Cli.Connection;

/// <summary>The SQLite file named by --store or the configuration does not exist.</summary>
internal sealed class CliStoreNotFoundException(string path)
    : Exception($"No store at '{path}': the file does not exist (check --store or the configuration; 'mlops store import' creates one).");
