using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Mlops.Artifacts;
using Mlops.Artifacts.FileSystem;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Picks the file-system artifact store: content-addressed files under one directory.</summary>
public static class FileSystemArtifactsMlopsBuilderExtensions
{
    /// <summary>
    /// Stores artifacts under <paramref name="rootPath"/> (relative paths resolve against the current directory at start).
    /// Replaces any artifact store picked before. An empty path fails the host at start, naming the option.
    /// </summary>
    public static MlopsBuilder UseFileSystemArtifacts(this MlopsBuilder builder, string rootPath)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(rootPath);
        return builder.UseFileSystemArtifacts(options => options.RootPath = rootPath);
    }

    /// <summary>
    /// Stores artifacts on the file system, configured by <paramref name="configure"/>; options are validated at start.
    /// Replaces any artifact store picked before.
    /// </summary>
    public static MlopsBuilder UseFileSystemArtifacts(this MlopsBuilder builder, Action<FileSystemArtifactStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptionsWithValidateOnStart<FileSystemArtifactStoreOptions>().Configure(configure);
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<FileSystemArtifactStoreOptions>, FileSystemArtifactStoreOptionsValidator>());
        builder.Services.Replace(ServiceDescriptor.Singleton<IArtifactStore>(
            sp => new FileSystemArtifactStore(sp.GetRequiredService<IOptions<FileSystemArtifactStoreOptions>>().Value.RootPath)));
        return builder;
    }
}
