namespace Mlops.Cli.Connection;

/// <summary>The SQLite file named by --store, the configuration or the embedded default does not exist.</summary>
internal sealed class CliStoreNotFoundException(string path, string source)
    : Exception(source == StoreResolver.DefaultSource
        ? $"No store at '{path}': with neither --store nor --config the tool opens the embedded default ./.mlops/mlops.db of the current folder, "
          + "and there is none here (run it where the app keeps .mlops, or give --store <file or connection string> or --config <appsettings.json>)."
        : $"No store at '{path}': the file does not exist (check {source}; 'mlops store import' creates one).");
