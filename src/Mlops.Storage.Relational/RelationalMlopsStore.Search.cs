using System.Globalization;
using System.Data.Common;
using Mlops.Search;
using Mlops.Storage.Relational.Search;

namespace Mlops.Storage.Relational;

internal abstract partial class RelationalMlopsStore
{
    private const int MaxSearchResults = 50_000;

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

        ValidatePageSize(request.MaxResults);
        var fingerprint = SearchPageToken.Fingerprint(request);
        var offset = request.PageToken is null ? 0 : SearchPageToken.Decode(request.PageToken, fingerprint);
        var statement = _runSearch.BuildPageQuery(request, offset, request.MaxResults + 1);

        return ReadAsync("searching runs", connection =>
        {
            var (runs, next) = ReadPage(connection, statement, request.MaxResults, offset, fingerprint, LoadRuns);
            return new RunSearchPage(runs, next);
        }, cancellationToken);
    }

    private static void ValidatePageSize(int maxResults)
    {
        if (maxResults is < 1 or > MaxSearchResults)
        {
            throw new MlopsValidationException("max results", maxResults.ToString(CultureInfo.InvariantCulture),
                $"the page size is between 1 and {MaxSearchResults}.");
        }
    }

    /// <summary>
    /// Reads one page of a search: the statement selects up to <paramref name="maxResults"/> + 1 keys (one row more than
    /// the page tells whether another page follows), the page's keys are loaded in order, and the next token is encoded.
    /// </summary>
    private static (List<T> Items, string? NextPageToken) ReadPage<T>(
        DbConnection connection, SqlStatement statement, int maxResults, long offset, byte[] fingerprint, Func<DbConnection, List<long>, List<T>> load)
    {
        var keys = ReadKeys(connection, statement);
        var hasMore = keys.Count > maxResults;
        if (hasMore)
        {
            keys.RemoveAt(keys.Count - 1);
        }

        return (load(connection, keys), hasMore ? SearchPageToken.Encode(offset + maxResults, fingerprint) : null);
    }

    /// <summary>Runs a page query and returns the keys it selects, in order.</summary>
    private static List<long> ReadKeys(DbConnection connection, SqlStatement statement)
    {
        using var command = connection.Command(statement.Text);
        foreach (var (name, value) in statement.Parameters)
        {
            command.AddParameter(name, value);
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
