using System.Data.Common;
using Mlops.Journal;
using Mlops.Tracking;

namespace Mlops.Storage.Relational;

internal abstract partial class RelationalMlopsStore
{
    private const string ExperimentColumns = "experiment_id, name, created_at, created_by";

    /// <inheritdoc />
    public Task<Experiment> GetOrCreateExperimentAsync(
        string experimentId, string name, DateTimeOffset createdAt, string createdBy, JournalDraft journal, CancellationToken cancellationToken = default)
    {
        StoreInput.Id("experiment id", experimentId);
        InputRules.ValidateName("experiment name", name);
        StoreInput.Required("created by", createdBy);
        StoreInput.Draft(journal);

        return WriteAsync("creating an experiment", connection =>
        {
            // The unique name makes concurrent creators (threads or processes) converge on one row; only the one that
            // inserted appends the journal entry.
            var inserted = connection.Command(
                    "INSERT INTO experiments (experiment_id, name, created_at, created_by) VALUES (@id, @name, @created, @by) ON CONFLICT DO NOTHING")
                .With("@id", experimentId).With("@name", name).With("@created", createdAt.ToUnixTimeMilliseconds()).With("@by", createdBy)
                .Run();
            var experiment = ReadExperiment(connection, "name", name)
                ?? throw new MlopsConflictException(
                    $"Cannot create experiment '{name}' with id '{experimentId}': the id is already used by another experiment.");
            if (inserted == 1)
            {
                AppendJournal(connection, journal);
            }

            return experiment;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Experiment?> GetExperimentAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        StoreInput.Id("experiment id", experimentId);
        return ReadAsync("reading an experiment", connection => ReadExperiment(connection, "experiment_id", experimentId), cancellationToken);
    }

    /// <inheritdoc />
    public Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        StoreInput.Required("experiment name", name);
        return ReadAsync("reading an experiment", connection => ReadExperiment(connection, "name", name), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Experiment>> ListExperimentsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<Experiment>>("listing experiments", connection =>
        {
            using var command = connection.Command($"SELECT {ExperimentColumns} FROM experiments ORDER BY name");
            using var reader = command.ExecuteReader();
            var experiments = new List<Experiment>();
            while (reader.Read())
            {
                experiments.Add(MapExperiment(reader));
            }

            return experiments;
        }, cancellationToken);

    // column is a name from this class, never caller input.
    private static Experiment? ReadExperiment(DbConnection connection, string column, string value)
    {
        using var command = connection.Command($"SELECT {ExperimentColumns} FROM experiments WHERE {column} = @value").With("@value", value);
        using var reader = command.ExecuteReader();
        return reader.Read() ? MapExperiment(reader) : null;
    }

    private static Experiment MapExperiment(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetTimestamp(2), reader.GetString(3));

    private static bool ExperimentExists(DbConnection connection, string experimentId) =>
        connection.Command("SELECT 1 FROM experiments WHERE experiment_id = @id").With("@id", experimentId).Scalar() is not null;
}
