using Microsoft.Extensions.Options;

namespace Mlops.Pipelines.Triggers;

/// <summary>Validates <see cref="PipelineTriggerOptions"/> at start (source-generated from its data annotations).</summary>
[OptionsValidator]
internal sealed partial class PipelineTriggerOptionsValidator : IValidateOptions<PipelineTriggerOptions>
{
}
