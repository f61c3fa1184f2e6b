using Microsoft.Extensions.Options;

namespace Mlops.Artifacts.S3;

[OptionsValidator]
internal sealed partial class S3ArtifactStoreOptionsValidator : IValidateOptions<S3ArtifactStoreOptions>;
