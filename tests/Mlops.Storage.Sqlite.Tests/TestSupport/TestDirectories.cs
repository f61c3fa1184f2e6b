namespace Mlops.Storage.Sqlite.Tests.TestSupport;

internal static class TestDirectories
{
    public static void Delete(string directory)
    {
        try
        {
            if (System.IO.Directory.Exists(directory))
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A handle still open elsewhere (Windows); the OS cleans the temp folder eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
