namespace Mlops.Storage.Sqlite;

/// <summary>How hard SQLite works to make a committed write survive a crash (<c>PRAGMA synchronous</c>).</summary>
public enum SqliteSynchronousMode
{
    /// <summary>
    /// <c>FULL</c>: every commit is flushed to the device before it returns, so it survives a process kill and an
    /// operating-system crash or power loss. The default.
    /// </summary>
    Full = 0,

    /// <summary>
    /// <c>NORMAL</c>: commits survive a process kill; the last commits before an operating-system crash or power loss
    /// may be rolled back (the database stays consistent). Faster on slow disks.
    /// </summary>
    Normal = 1,
}
