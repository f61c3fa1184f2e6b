using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;

namespace Mlops.AspNetCore.Tests.TestSupport;

/// <summary>Shutdown shared by the test apps: the client, the Kestrel app, SQLite's pooled handles, then the temp folder.</summary>
internal static class TestApps
{
    public static async ValueTask StopAsync(WebApplication? app, HttpClient? client, string root)
    {
        client?.Dispose();
        if (app is not null)
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finishing background writer: the OS temp folder is cleaned eventually.
        }
    }
}
