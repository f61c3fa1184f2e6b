using Microsoft.Extensions.Options;

namespace Mlops.Governance;

[OptionsValidator]
internal sealed partial class ApprovalOptionsValidator : IValidateOptions<ApprovalOptions>;
