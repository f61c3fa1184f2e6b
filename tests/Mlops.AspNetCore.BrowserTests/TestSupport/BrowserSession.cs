using Microsoft.Playwright;

namespace Mlops.AspNetCore.BrowserTests.TestSupport;

/// <summary>
/// One browser context and page over the dashboard. Every request the page makes goes through a route that lets only
/// the loopback app through and aborts (and records) anything else: a test ends with
/// <see cref="AssertNoExternalRequestsAsync"/>, which proves the pages fetched no font, script or style from outside.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _blocked = [];
    private readonly Lock _gate = new();

    private BrowserSession(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>The URLs aborted so far because they were not on 127.0.0.1.</summary>
    public IReadOnlyList<string> Blocked
    {
        get
        {
            lock (_gate)
            {
                return [.. _blocked];
            }
        }
    }

    internal static async Task<BrowserSession> OpenAsync(IBrowser browser, Uri baseAddress, int width, int height)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        var page = await context.NewPageAsync();
        var session = new BrowserSession(context, page);
        await page.RouteAsync("**/*", session.GuardAsync);
        return session;
    }

    private async Task GuardAsync(IRoute route)
    {
        var url = route.Request.Url;
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host == "127.0.0.1")
        {
            await route.ContinueAsync();
            return;
        }

        lock (_gate)
        {
            _blocked.Add(url);
        }

        await route.AbortAsync("blockedbyclient");
    }

    /// <summary>Fails the test when the page asked for anything beyond the loopback app.</summary>
    public void AssertNoExternalRequests() =>
        Blocked.Should().BeEmpty("the dashboard ships its assets and must not fetch anything from outside the app");

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
