using Microsoft.Extensions.Options;

namespace Mlops.Serving;

/// <summary>Validates <see cref="ServingOptions"/> at start (source-generated from its data annotations).</summary>
[OptionsValidator]
internal sealed partial class ServingOptionsValidator : IValidateOptions<ServingOptions>
{
}
