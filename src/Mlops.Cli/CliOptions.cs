using System.CommandLine;

namespace Mlops.Cli;

/// <summary>The options every command takes (recursive on the root): where the store is, who acts, how to print.</summary>
internal sealed class CliOptions
{
    public Option<string?> Store { get; } = new("--store")
    {
        Description = "The metadata store: a SQLite file path, a SQLite connection string (Data Source=...), a PostgreSQL connection string (Host=...) or URI (postgres://...). Default: ./.mlops/mlops.db, the embedded default.",
        Recursive = true,
    };

    public Option<string?> Artifacts { get; } = new("--artifacts")
    {
        Description = "The artifact folder (default: 'artifacts' next to a SQLite file, or the configuration's).",
        Recursive = true,
    };

    public Option<string?> Config { get; } = new("--config")
    {
        Description = "An appsettings.json whose Mlops section (see --section) names the store, as the apps bind it.",
        Recursive = true,
    };

    public Option<string> Section { get; } = new("--section")
    {
        Description = "The configuration section read from --config.",
        DefaultValueFactory = _ => "Mlops",
        Recursive = true,
    };

    public Option<string?> Actor { get; } = new("--actor")
    {
        Description = "Who acts, as recorded in the journal (default: the operating-system user).",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print JSON (stable shapes, for scripts) instead of tables.",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "On an unexpected error, print the stack trace too.",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Store);
        root.Options.Add(Artifacts);
        root.Options.Add(Config);
        root.Options.Add(Section);
        root.Options.Add(Actor);
        root.Options.Add(Json);
        root.Options.Add(Verbose);
    }
}
