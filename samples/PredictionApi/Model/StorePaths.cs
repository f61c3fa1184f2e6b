using Microsoft.Data.Sqlite;

namespace PredictionApi.Model;

/// <summary>Resolves the store's relative paths from appsettings.json against the app's content root, not the shell's folder.</summary>
public static class StorePaths
{
    public static string SqliteConnectionString(string? configured, string contentRoot)
    {
        var connection = new SqliteConnectionStringBuilder(configured ?? "Data Source=.mlops/mlops.db");
        connection.DataSource = Path.GetFullPath(connection.DataSource, contentRoot);
        return connection.ToString();
    }

    public static string Folder(string? configured, string contentRoot) => Path.GetFullPath(configured ?? ".mlops/artifacts", contentRoot);
}
