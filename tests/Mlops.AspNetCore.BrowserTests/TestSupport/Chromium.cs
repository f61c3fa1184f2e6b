namespace Mlops.AspNetCore.BrowserTests.TestSupport;

/// <summary>
/// The browser the tests drive: the machine's Chromium named by <c>MLOPS_TEST_CHROMIUM</c>, exported by
/// <c>.ci/services/chromium.sh</c> (it installs Debian's chromium when missing). Without it a test is skipped on a
/// developer box, and fails under CI (<c>CI=true</c>), where a missing service is a defect.
/// </summary>
internal static class Chromium
{
    public const string Variable = "MLOPS_TEST_CHROMIUM";

    /// <summary>The flags every launch uses: no sandbox (root in a container), no GPU, and nothing that phones home.</summary>
    public static readonly string[] Arguments =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    /// <summary>The executable's path, or null when the variable is not set.</summary>
    public static string? Executable => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>The executable, or a skip (developer box) / failure (CI) of the current test.</summary>
    public static string RequireExecutable()
    {
        if (Executable is { } path)
        {
            return path;
        }

        const string Reason = $"{Variable} is not set: run `pids=(); source .ci/services/chromium.sh` (it installs Debian's chromium "
            + "when missing and exports the variable) to run the browser tests.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("Under CI the browser is required. " + Reason);
        }

        Assert.Skip(Reason);
        return string.Empty; // not reached
    }
}
