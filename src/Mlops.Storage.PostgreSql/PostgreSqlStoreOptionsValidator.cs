using Microsoft.Extensions.Options;

namespace Mlops.Storage.PostgreSql;

/// <summary>Validates <see cref="PostgreSqlStoreOptions"/> from its data annotations, generated at compile time.</summary>
[OptionsValidator]
internal sealed partial class PostgreSqlStoreOptionsValidator : IValidateOptions<PostgreSqlStoreOptions>
{
}
