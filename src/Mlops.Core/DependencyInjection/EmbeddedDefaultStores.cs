using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Artifacts;
using Mlops.Artifacts.FileSystem;
using Mlops.Storage;

namespace Mlops;

/// <summary>
/// The embedded default: an app that picks neither a metadata store nor an artifact store keeps everything under
/// <c>./.mlops</c> (relative to the current directory when the stores are first resolved): SQLite at
/// <c>./.mlops/mlops.db</c> and artifacts under <c>./.mlops/artifacts</c>. Mlops.Core references no provider, so the
/// SQLite store is created through one known entry point of the <c>Mlops.Storage.Sqlite</c> assembly
/// (<c>Mlops.Storage.Sqlite.SqliteEmbeddedDefault.CreateStore</c>), found by name only when no store was picked; without
/// that assembly in the app there is no default and the host fails at start naming the calls to add.
/// It is all or nothing: an app that picked one of the two stores gets no default for the other (a fleet's PostgreSQL
/// store with artifacts on one machine's disk would be a silent bug), and the start fails naming the missing call.
/// </summary>
internal sealed class EmbeddedDefaultStores
{
    internal const string Root = ".mlops";
    private const string SqliteEntryPointType = "Mlops.Storage.Sqlite.SqliteEmbeddedDefault";
    private const string SqliteAssembly = "Mlops.Storage.Sqlite";
    private const string SqliteEntryPointMethod = "CreateStore";

    private static readonly Lazy<Func<string, IServiceProvider, IMlopsStore>?> SqliteEntryPoint = new(LocateSqlite);

    private readonly IServiceCollection _registrations;

    public EmbeddedDefaultStores(IServiceCollection registrations) => _registrations = registrations;

    /// <summary>Registered by <c>AddMlops()</c> unless a metadata store was registered before; a provider replaces it.</summary>
    internal static ServiceDescriptor MetadataDescriptor { get; } = ServiceDescriptor.Singleton<IMlopsStore>(
        sp => sp.GetRequiredService<EmbeddedDefaultStores>().CreateMetadataStore(sp)!);

    /// <summary>Registered by <c>AddMlops()</c> unless an artifact store was registered before; an artifact store replaces it.</summary>
    internal static ServiceDescriptor ArtifactsDescriptor { get; } = ServiceDescriptor.Singleton<IArtifactStore>(
        sp => sp.GetRequiredService<EmbeddedDefaultStores>().CreateArtifactStore()!);

    /// <summary>Whether the app registered a metadata store of its own.</summary>
    public bool MetadataPicked => Picked(typeof(IMlopsStore), MetadataDescriptor);

    /// <summary>Whether the app registered an artifact store of its own.</summary>
    public bool ArtifactsPicked => Picked(typeof(IArtifactStore), ArtifactsDescriptor);

    /// <summary>Whether the SQLite provider is part of the app, so that the default can apply.</summary>
    public static bool SqliteAvailable => SqliteEntryPoint.Value is not null;

    /// <summary>The database file of the default, once it was created (null while the default is not in use).</summary>
    public string? DatabasePath { get; private set; }

    /// <summary>The artifact root of the default, once it was created (null while the default is not in use).</summary>
    public string? ArtifactsPath { get; private set; }

    private IMlopsStore? CreateMetadataStore(IServiceProvider services)
    {
        if (ArtifactsPicked || SqliteEntryPoint.Value is not { } create)
        {
            return null;
        }

        var path = Path.GetFullPath(Path.Combine(Root, "mlops.db"));
        var store = create(path, services);
        DatabasePath = path;
        return store;
    }

    private FileSystemArtifactStore? CreateArtifactStore()
    {
        if (MetadataPicked || !SqliteAvailable)
        {
            return null;
        }

        var store = new FileSystemArtifactStore(Path.Combine(Root, "artifacts"));
        ArtifactsPath = store.RootPath;
        return store;
    }

    // A provider replaces the default's descriptor (ServiceCollection.Replace removes the first registration of the type);
    // a plain AddSingleton after it wins as the last registration. Either way the last registration is not ours.
    private bool Picked(Type serviceType, ServiceDescriptor defaultDescriptor)
    {
        for (var i = _registrations.Count - 1; i >= 0; i--)
        {
            if (_registrations[i].ServiceType == serviceType)
            {
                return !ReferenceEquals(_registrations[i], defaultDescriptor);
            }
        }

        return false;
    }

    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicMethods, SqliteEntryPointType, SqliteAssembly)]
    private static Func<string, IServiceProvider, IMlopsStore>? LocateSqlite()
    {
        Type? type;
        try
        {
            type = Type.GetType($"{SqliteEntryPointType}, {SqliteAssembly}", throwOnError: false);
        }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException)
        {
            return null; // present but not loadable: behave as absent, the start error names the calls to add
        }

        var method = type?.GetMethod(SqliteEntryPointMethod, BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(IServiceProvider)]);
        return method is not null && method.ReturnType == typeof(IMlopsStore)
            ? method.CreateDelegate<Func<string, IServiceProvider, IMlopsStore>>()
            : null;
    }
}
