namespace Mlops.Cli;

/// <summary>The process exit codes, documented in docs/cli.md: scripts branch on them, so they never change meaning.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>The command ran and found a problem: a journal that does not verify, a failing doctor check.</summary>
    public const int Failure = 1;

    /// <summary>The command line or an argument's value is wrong (unknown option, bad filter, invalid name).</summary>
    public const int Usage = 2;

    /// <summary>What the command names does not exist (run, model, version, request, store file).</summary>
    public const int NotFound = 3;

    /// <summary>The store refused the change: a conflict, a promotion policy, a permission or separation-of-duties rule.</summary>
    public const int Refused = 4;

    /// <summary>The store could not be opened or used: configuration, connection, schema version, artifact integrity.</summary>
    public const int Store = 5;

    /// <summary>An unexpected error (a bug): rerun with --verbose for the stack trace.</summary>
    public const int Internal = 70;
}
