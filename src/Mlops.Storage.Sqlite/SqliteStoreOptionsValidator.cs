using Microsoft.Extensions.Options;

namespace Mlops.Storage.Sqlite;

/// <summary>Validates <see cref="SqliteStoreOptions"/> from its data annotations, generated at compile time.</summary>
[OptionsValidator]
internal sealed partial class SqliteStoreOptionsValidator : IValidateOptions<SqliteStoreOptions>
{
}
