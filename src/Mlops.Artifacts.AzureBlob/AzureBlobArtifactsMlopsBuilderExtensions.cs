using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Artifacts;
using Mlops.Artifacts.AzureBlob;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Picks the Azure Blob Storage artifact store: content-addressed blobs in one container.</summary>
public static class AzureBlobArtifactsMlopsBuilderExtensions
{
    /// <summary>
    /// Stores artifacts in container <paramref name="containerName"/> of the account that <paramref name="connectionString"/>
    /// names. Replaces any artifact store picked before; the options are validated when the host starts.
    /// </summary>
    /// <param name="builder">The Mlops builder.</param>
    /// <param name="connectionString">An Azure Storage connection string (account key or SAS).</param>
    /// <param name="containerName">The container; created by the first put when missing.</param>
    /// <returns>The builder, for chaining.</returns>
    public static MlopsBuilder UseAzureBlobArtifacts(this MlopsBuilder builder, string connectionString, string containerName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(containerName);
        return builder.UseAzureBlobArtifacts(options =>
        {
            options.ConnectionString = connectionString;
            options.ContainerName = containerName;
        });
    }

    /// <summary>
    /// Stores artifacts in Azure Blob Storage, configured by <paramref name="configure"/>: a connection string, or a
    /// service URI with a token credential, plus the container and an optional prefix. Replaces any artifact store
    /// picked before. The options are validated when the host starts; an invalid one fails the start, naming the option.
    /// </summary>
    /// <param name="builder">The Mlops builder.</param>
    /// <param name="configure">Sets how to reach the account and where the blobs go.</param>
    /// <returns>The builder, for chaining.</returns>
    public static MlopsBuilder UseAzureBlobArtifacts(this MlopsBuilder builder, Action<AzureBlobArtifactStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptionsWithValidateOnStart<AzureBlobArtifactStoreOptions>().Configure(configure);
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<AzureBlobArtifactStoreOptions>, AzureBlobArtifactStoreOptionsValidator>());
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<AzureBlobArtifactStoreOptions>, AzureBlobConnectionOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.Replace(ServiceDescriptor.Singleton<IArtifactStore>(sp => AzureBlobArtifactStore.Create(
            sp.GetRequiredService<IOptions<AzureBlobArtifactStoreOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger("Mlops.Artifacts.AzureBlob"))));
        return builder;
    }
}
