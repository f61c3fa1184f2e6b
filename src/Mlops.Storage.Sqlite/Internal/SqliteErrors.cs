using Microsoft.Data.Sqlite;

namespace Mlops.Storage.Sqlite.Internal;

/// <summary>Classifies SQLite errors.</summary>
internal static class SqliteErrors
{
    private const int Busy = 5;
    private const int Locked = 6;

    /// <summary>SQLITE_BUSY or SQLITE_LOCKED (any extended code): another connection holds the lock; worth retrying.</summary>
    public static bool IsBusy(SqliteException exception) =>
        exception.SqliteErrorCode is Busy or Locked || (exception.SqliteExtendedErrorCode & 0xFF) is Busy or Locked;
}
