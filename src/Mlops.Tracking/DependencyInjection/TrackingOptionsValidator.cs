using Microsoft.Extensions.Options;

namespace Mlops.Tracking;

[OptionsValidator]
internal sealed partial class TrackingOptionsValidator : IValidateOptions<TrackingOptions>;
