using Mlops.Storage.Sqlite.Tests.CrossProcess;

/// <summary>
/// The .NET startup hook entry point (the runtime requires this name, outside any namespace). Does nothing unless the
/// process was started as a child writer by <see cref="CrossProcessTests"/>.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        var database = Environment.GetEnvironmentVariable(ChildWriter.DatabaseVariable);
        if (!string.IsNullOrEmpty(database))
        {
            ChildWriter.Run(database);
        }
    }
}
