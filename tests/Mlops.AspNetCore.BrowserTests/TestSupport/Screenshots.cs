using Microsoft.Playwright;

namespace Mlops.AspNetCore.BrowserTests.TestSupport;

/// <summary>
/// The screenshots in docs/web.md, taken by the tests: written to docs/images/web/ only when
/// <c>MLOPS_WRITE_SCREENSHOTS=1</c>, so an ordinary run (and CI) never changes the working tree.
/// </summary>
internal static class Screenshots
{
    public static bool Enabled => Environment.GetEnvironmentVariable("MLOPS_WRITE_SCREENSHOTS") == "1";

    public static async Task TakeAsync(IPage page, string name, bool fullPage = true)
    {
        if (!Enabled)
        {
            return;
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder(), name + ".png"), FullPage = fullPage });
    }

    private static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mlops.Sdk.sln")))
            {
                var folder = Path.Combine(dir.FullName, "docs", "images", "web");
                Directory.CreateDirectory(folder);
                return folder;
            }
        }

        throw new InvalidOperationException($"No Mlops.Sdk.sln above {AppContext.BaseDirectory}: cannot find docs/images/web.");
    }
}
