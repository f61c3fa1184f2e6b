using Microsoft.Extensions.Options;

namespace Mlops.Artifacts.FileSystem;

[OptionsValidator]
internal sealed partial class FileSystemArtifactStoreOptionsValidator : IValidateOptions<FileSystemArtifactStoreOptions>;
