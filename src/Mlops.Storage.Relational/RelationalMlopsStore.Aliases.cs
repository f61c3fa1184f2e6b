using System.Globalization;
using System.Data.Common;
using Mlops.Journal;
using Mlops.Registry;

namespace Mlops.Storage.Relational;

internal abstract partial class RelationalMlopsStore
{
    /// <inheritdoc />
    public Task<int?> GetAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        // Lookups apply no naming rule: an alias that could never be set simply is not there.
        StoreInput.Required("model name", name);
        StoreInput.Required("alias", alias);
        return ReadAsync("reading an alias", connection => connection.Command("""
                    SELECT a.version FROM model_aliases a JOIN registered_models m ON m.model_key = a.model_key
                    WHERE m.name = @name AND a.alias = @alias
                    """)
                .With("@name", name).With("@alias", alias).Scalar() is long version ? (int?)version : null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task SetAliasAsync(string name, string alias, int version, int? expectedCurrentVersion, JournalDraft journal, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        ModelNames.ValidateSettableAlias(alias);
        StoreInput.Draft(journal);
        return WriteAsync("setting an alias", connection =>
        {
            var modelKey = RequireModelKey(connection, name);
            RequireVersionKey(connection, name, version);
            var current = CurrentAliasVersion(connection, modelKey, alias);
            if (current != expectedCurrentVersion)
            {
                throw new MlopsConflictException(
                    $"Cannot point alias '{alias}' of registered model '{name}' at version {version}: it points at {Describe(current)}, "
                    + $"but the move was decided expecting {Describe(expectedCurrentVersion)}. Nothing was changed; re-read the alias and decide again.");
            }

            connection.Command("""
                    INSERT INTO model_aliases (model_key, alias, version) VALUES (@model, @alias, @version)
                    ON CONFLICT (model_key, alias) DO UPDATE SET version = excluded.version
                    """)
                .With("@model", modelKey).With("@alias", alias).With("@version", version).Run();
            // Re-pointing at the same version still journals: a re-affirmation with a reason is an audit event.
            AppendJournal(connection, journal);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteAliasAsync(string name, string alias, int? expectedCurrentVersion, JournalDraft journal, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(name);
        ModelNames.ValidateAliasSyntax(alias);
        StoreInput.Draft(journal);
        return WriteAsync("deleting an alias", connection =>
        {
            var modelKey = RequireModelKey(connection, name);
            var current = CurrentAliasVersion(connection, modelKey, alias) ?? throw new MlopsNotFoundException("alias", name + "@" + alias);
            if (current != expectedCurrentVersion)
            {
                throw new MlopsConflictException(
                    $"Cannot delete alias '{alias}' of registered model '{name}': it points at {Describe(current)}, "
                    + $"but the deletion was decided expecting {Describe(expectedCurrentVersion)}. Nothing was changed; re-read the alias and decide again.");
            }

            connection.Command("DELETE FROM model_aliases WHERE model_key = @model AND alias = @alias")
                .With("@model", modelKey).With("@alias", alias).Run();
            AppendJournal(connection, journal);
        }, cancellationToken);
    }

    private static int? CurrentAliasVersion(DbConnection connection, long modelKey, string alias) =>
        connection.Command("SELECT version FROM model_aliases WHERE model_key = @model AND alias = @alias")
            .With("@model", modelKey).With("@alias", alias).Scalar() is long version ? (int)version : null;

    private static string Describe(int? version) =>
        version is { } v ? "version " + v.ToString(CultureInfo.InvariantCulture) : "no version (unset)";
}
