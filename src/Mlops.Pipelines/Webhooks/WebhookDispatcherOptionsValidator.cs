using Microsoft.Extensions.Options;

namespace Mlops.Pipelines.Webhooks;

/// <summary>Validates <see cref="WebhookDispatcherOptions"/> at start (source-generated from its data annotations).</summary>
[OptionsValidator]
internal sealed partial class WebhookDispatcherOptionsValidator : IValidateOptions<WebhookDispatcherOptions>;
