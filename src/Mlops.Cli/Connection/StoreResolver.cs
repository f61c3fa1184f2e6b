using System.CommandLine;
using Microsoft.Extensions.Configuration;

namespace Mlops.Cli.Connection;

/// <summary>
/// Finds the store from --store/--artifacts, or from --config's section as apps bind it:
/// <c>Sqlite:ConnectionString</c> or <c>PostgreSql:ConnectionString</c> (the options of UseSqlite/UsePostgreSql),
/// else <c>ConnectionStrings:&lt;section&gt;</c>; artifacts from <c>FileSystemArtifacts:RootPath</c> (UseFileSystemArtifacts'
/// options) or <c>ArtifactsPath</c>. Relative paths in the file are relative to the file's folder, like an app's content root.
/// Command-line values win over the file. With neither --store nor --config, the store is the embedded default an app
/// gets from <c>AddMlops()</c> with no store picked: <c>./.mlops/mlops.db</c> and <c>./.mlops/artifacts</c> in the current folder.
/// </summary>
internal static class StoreResolver
{
    /// <summary>Where the store came from when neither --store nor --config was given.</summary>
    public const string DefaultSource = "the embedded default (./.mlops)";

    private const string DefaultFolder = ".mlops";

    public static StoreSettings Resolve(ParseResult result, CliOptions options)
    {
        var store = result.GetValue(options.Store);
        var artifacts = result.GetValue(options.Artifacts);
        var config = result.GetValue(options.Config);
        var section = result.GetValue(options.Section) ?? "Mlops";
        var cwd = Directory.GetCurrentDirectory();

        string? fileStore = null, fileArtifacts = null, configDirectory = null;
        if (config is not null)
        {
            var path = Path.GetFullPath(config, cwd);
            if (!File.Exists(path))
            {
                throw new CliUsageException("--config", config, "no such file.");
            }

            configDirectory = Path.GetDirectoryName(path)!;
            IConfiguration root;
            try
            {
                root = new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false).Build();
            }
            catch (InvalidDataException e)
            {
                throw new CliUsageException("--config", config, $"not valid JSON ({e.InnerException?.Message ?? e.Message}).");
            }

            var mlops = root.GetSection(section);
            fileStore = mlops["Sqlite:ConnectionString"] ?? mlops["PostgreSql:ConnectionString"] ?? root.GetConnectionString(section);
            fileArtifacts = mlops["FileSystemArtifacts:RootPath"] ?? mlops["ArtifactsPath"];
            if (store is null && fileStore is null)
            {
                throw new CliUsageException("--config", config,
                    $"names no store: set {section}:Sqlite:ConnectionString, {section}:PostgreSql:ConnectionString or ConnectionStrings:{section}.");
            }
        }

        if (store is null && config is null)
        {
            var database = Path.Combine(cwd, DefaultFolder, "mlops.db");
            return new StoreSettings(
                StoreProvider.Sqlite,
                new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = database }.ToString(),
                artifacts is not null ? Path.GetFullPath(artifacts, cwd) : Path.Combine(cwd, DefaultFolder, "artifacts"),
                DefaultSource);
        }

        var (provider, connectionString) = store is not null
            ? StoreSettings.Parse("--store", store, cwd)
            : StoreSettings.Parse($"{config} ({section})", fileStore!, configDirectory!);

        string artifactsPath = artifacts is not null ? Path.GetFullPath(artifacts, cwd)
            : fileArtifacts is not null ? Path.GetFullPath(fileArtifacts, configDirectory!)
            : DefaultArtifacts(provider, connectionString, cwd);
        var source = store is not null ? "--store" : $"{config} ({section})";
        return new StoreSettings(provider, connectionString, artifactsPath, source);
    }

    private static string DefaultArtifacts(StoreProvider provider, string connectionString, string cwd)
    {
        var file = new StoreSettings(provider, connectionString, "", "").SqliteFile;
        return file is not null
            ? Path.Combine(Path.GetDirectoryName(file)!, "artifacts")
            : Path.Combine(cwd, ".mlops", "artifacts");
    }
}
