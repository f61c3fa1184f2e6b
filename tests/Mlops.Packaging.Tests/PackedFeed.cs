using System.Text.Json;
using System.Xml.Linq;

namespace Mlops.Packaging.Tests;

/// <summary>
/// Packs every package under src/ once into a temporary folder, with the configuration and artifacts slot this test
/// assembly was built with: the solution's build has already compiled src/ there, so the pack only packs (a lone run of
/// this project builds src/ first, as any build would). The version is unique to this run, so that the machine's NuGet cache, which the consumer restores through,
/// never hands back packages of an earlier run; the cache folders of that version are removed on dispose.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    private static readonly TimeSpan PackCap = TimeSpan.FromMinutes(10);

    private readonly List<string> _cachedPackageFolders = [];

    public PackedFeed()
    {
        RepositoryRoot = FindRepositoryRoot();
        Root = Path.Combine(Path.GetTempPath(), "mlops-packaging-" + Guid.NewGuid().ToString("N")[..12]);
        FeedPath = Path.Combine(Root, "feed");
        Version = "0.1.0-packtest-" + Guid.NewGuid().ToString("N")[..12];
    }

    /// <summary>The folder holding Mlops.Sdk.sln.</summary>
    public string RepositoryRoot { get; }

    /// <summary>The temporary folder of this run (feed and consumer app), outside the repository.</summary>
    public string Root { get; }

    /// <summary>The folder the packages were packed into.</summary>
    public string FeedPath { get; }

    /// <summary>The package version of this run.</summary>
    public string Version { get; }

    /// <summary>The project names under src/ (every folder with a project file; shared-source folders have none).</summary>
    public IReadOnlyList<string> PackageIds { get; private set; } = [];

    /// <summary>The output of the pack command, for failure messages.</summary>
    public DotnetResult? Pack { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(FeedPath);
        var projects = Directory.GetFiles(Path.Combine(RepositoryRoot, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(RepositoryRoot, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        PackageIds = projects.Select(Path.GetFileNameWithoutExtension).ToList()!;

        // A solution filter packs exactly the src/ projects in one build (tests, samples and benchmarks are not packages).
        var filter = Path.Combine(Root, "packages.slnf");
        await File.WriteAllTextAsync(filter, JsonSerializer.Serialize(new
        {
            solution = new { path = Path.Combine(RepositoryRoot, "Mlops.Sdk.sln"), projects },
        }));

        var configuration = BuildMetadata("BuildConfiguration");
        using var cap = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cap.CancelAfter(PackCap);
        Pack = await DotnetProcess.RunAsync(
            RepositoryRoot,
            // PackageVersion changes the packages only, not the assemblies: nothing is recompiled for it.
            ["pack", filter, "-c", configuration, "-o", FeedPath, $"-p:PackageVersion={Version}"],
            new Dictionary<string, string> { ["MLOPS_BUILD_SLOT"] = BuildMetadata("BuildSlot") },
            cap.Token);
    }

    /// <summary>Remembers the global-packages folders the consumer restored into, to remove this run's version from them.</summary>
    internal void TrackRestore(string assetsFile)
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(assetsFile));
        foreach (var folder in assets.RootElement.GetProperty("packageFolders").EnumerateObject())
        {
            _cachedPackageFolders.AddRange(PackageIds.Select(id => Path.Combine(folder.Name, id.ToLowerInvariant(), Version.ToLowerInvariant())));
        }
    }

    /// <summary>A version from the repository's central package versions.</summary>
    internal string CentralVersion(string packageId) =>
        XDocument.Load(Path.Combine(RepositoryRoot, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .Single(e => (string?)e.Attribute("Include") == packageId)
            .Attribute("Version")!.Value;

    public ValueTask DisposeAsync()
    {
        foreach (var folder in _cachedPackageFolders.Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
            var id = Path.GetDirectoryName(folder)!;
            if (!Directory.EnumerateFileSystemEntries(id).Any())
            {
                Directory.Delete(id);
            }
        }

        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    private static string BuildMetadata(string key) =>
        typeof(PackedFeed).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), inherit: false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == key).Value ?? "";

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mlops.Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Mlops.Sdk.sln above {AppContext.BaseDirectory}.");
    }
}
