using Microsoft.Extensions.Options;

namespace Mlops.Registry;

[OptionsValidator]
internal sealed partial class RegistryOptionsValidator : IValidateOptions<RegistryOptions>;
