using Microsoft.Extensions.Options;

namespace Mlops.AspNetCore.Dashboard;

[OptionsValidator]
internal sealed partial class MlopsDashboardOptionsValidator : IValidateOptions<MlopsDashboardOptions>;
