using Microsoft.Extensions.Options;

namespace Mlops.Artifacts.AzureBlob;

/// <summary>Validates <see cref="AzureBlobArtifactStoreOptions"/> from its data annotations, generated at compile time.</summary>
[OptionsValidator]
internal sealed partial class AzureBlobArtifactStoreOptionsValidator : IValidateOptions<AzureBlobArtifactStoreOptions>;
