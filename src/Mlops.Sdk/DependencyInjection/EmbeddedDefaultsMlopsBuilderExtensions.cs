using Microsoft.Data.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Picks the embedded default store: SQLite and the file system under one folder, <c>./.mlops</c> unless told.</summary>
public static class EmbeddedDefaultsMlopsBuilderExtensions
{
    /// <summary>The folder <see cref="UseEmbeddedDefaults(MlopsBuilder)"/> keeps everything in, relative to the current directory.</summary>
    public const string DefaultRoot = ".mlops";

    /// <summary>
    /// Stores metadata in SQLite at <c>./.mlops/mlops.db</c> and artifacts under <c>./.mlops/artifacts</c>, both relative to
    /// the current directory and created when the host starts. Picks the stores only: add the components with their own
    /// calls (<c>AddTracking()</c>, <c>AddRegistry()</c>, ...). A store picked afterwards (<c>UsePostgreSql(...)</c>,
    /// <c>UseS3Artifacts(...)</c>) replaces the default.
    /// </summary>
    /// <param name="builder">The Mlops builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static MlopsBuilder UseEmbeddedDefaults(this MlopsBuilder builder) => builder.UseEmbeddedDefaults(DefaultRoot);

    /// <summary>Stores metadata in SQLite at <c>{root}/mlops.db</c> and artifacts under <c>{root}/artifacts</c>.</summary>
    /// <param name="builder">The Mlops builder.</param>
    /// <param name="root">The folder to keep the store in, absolute or relative to the current directory.</param>
    /// <returns>The builder, for chaining.</returns>
    public static MlopsBuilder UseEmbeddedDefaults(this MlopsBuilder builder, string root)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        return builder
            .UseSqlite(new SqliteConnectionStringBuilder { DataSource = Path.Combine(root, "mlops.db") }.ToString())
            .UseFileSystemArtifacts(Path.Combine(root, "artifacts"));
    }
}
