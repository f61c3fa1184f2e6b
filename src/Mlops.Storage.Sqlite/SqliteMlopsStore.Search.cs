using System.Globalization;
using Microsoft.Data.Sqlite;
using Mlops.Search;
using Mlops.Storage.Sqlite.Internal;
using Mlops.Storage.Sqlite.Search;

namespace Mlops.Storage.Sqlite;

internal sealed partial class SqliteMlopsStore
{
    private const int MaxSearchResults = 50_000;
    private static readonly SqlRunSearchTranslator SearchTranslator = new(SqliteDialect.Instance);

    /// <inheritdoc />
    public Task<RunSearchPage> SearchRunsAsync(RunSearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ExperimentIds is null || request.ExperimentIds.Count == 0)
        {
            throw new MlopsValidationException("experiment ids", null, "a search names at least one experiment.");
        }

        foreach (var experimentId in request.ExperimentIds)
        {
            StoreInput.Id("experiment id", experimentId);
        }

        if (request.MaxResults is < 1 or > MaxSearchResults)
        {
            throw new MlopsValidationException("max results", request.MaxResults.ToString(CultureInfo.InvariantCulture),
                $"the page size is between 1 and {MaxSearchResults}.");
        }

        var fingerprint = SearchPageToken.Fingerprint(request);
        var offset = request.PageToken is null ? 0 : SearchPageToken.Decode(request.PageToken, fingerprint);
        // One row more than the page tells whether another page follows.
        var statement = SearchTranslator.BuildPageQuery(request, offset, request.MaxResults + 1);

        return ReadAsync("searching runs", connection =>
        {
            var runKeys = ReadKeys(connection, statement);
            var hasMore = runKeys.Count > request.MaxResults;
            if (hasMore)
            {
                runKeys.RemoveAt(runKeys.Count - 1);
            }

            var runs = LoadRuns(connection, runKeys);
            return new RunSearchPage(runs, hasMore ? SearchPageToken.Encode(offset + request.MaxResults, fingerprint) : null);
        }, cancellationToken);
    }

    /// <summary>Runs a page query and returns the keys it selects, in order.</summary>
    private static List<long> ReadKeys(SqliteConnection connection, SqlStatement statement)
    {
        using var command = connection.Command(statement.Text);
        foreach (var (name, value) in statement.Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var keys = new List<long>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            keys.Add(reader.GetInt64(0));
        }

        return keys;
    }
}
