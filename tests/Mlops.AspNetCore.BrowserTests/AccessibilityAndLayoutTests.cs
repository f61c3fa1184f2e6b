using Microsoft.Playwright;
using Mlops.AspNetCore.BrowserTests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Mlops.AspNetCore.BrowserTests;

/// <summary>Keyboard use from page load, no horizontal page overflow at desktop and phone widths, and the network guard.</summary>
public sealed class AccessibilityAndLayoutTests(DashboardSite site)
{
    public static TheoryData<string> Pages() => ["", "runs", "models", "governance", "journal", "serving"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task From_page_load_Tab_reaches_the_skip_link_first_and_Enter_moves_focus_to_main(string path)
    {
        await using var session = await site.OpenAsync();
        var page = session.Page;
        await page.GotoAsync(DashboardSite.Url(path));

        await page.Keyboard.PressAsync("Tab");
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" });
        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToBeVisibleAsync(); // shown when focused
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("main")).ToBeFocusedAsync();
        session.AssertNoExternalRequests();
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task No_page_overflows_horizontally(int width, int height)
    {
        await using var session = await site.OpenAsync(width, height);
        var page = session.Page;
        var run = site.Store.Runs[0];
        string[] paths =
        [
            "", "runs", $"runs/{run.RunId}", $"compare?runs={site.Store.Runs[0].RunId},{site.Store.Runs[1].RunId}", "models",
            $"models/{TrainingStore.ModelName}", $"models/{TrainingStore.ModelName}/versions/1", "governance", "journal", "serving",
            $"models/{TrainingStore.ModelName}/card?version=1", // its Markdown holds 64-digit digests that must wrap
        ];
        foreach (var path in paths)
        {
            var response = await page.GotoAsync(DashboardSite.Url(path));
            response!.Status.Should().Be(200, path);
            var widths = await page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollWidth, window.innerWidth]");
            var (scrollWidth, innerWidth) = (widths[0], widths[1]);
            scrollWidth.Should().BeLessThanOrEqualTo(innerWidth, $"{path} must not scroll sideways at {width}×{height} (tables scroll in their own container)");
        }

        if (width < 500)
        {
            await page.GotoAsync(DashboardSite.Url("runs"));
            await Screenshots.TakeAsync(page, "runs-phone");
        }

        session.AssertNoExternalRequests();
    }

    [Fact]
    public async Task The_guard_aborts_and_records_a_request_beyond_loopback()
    {
        await using var session = await site.OpenAsync();
        var page = session.Page;
        await page.GotoAsync(DashboardSite.Url(string.Empty));

        // A page that asks for an outside stylesheet: the route aborts it, so the check every test ends with would fail.
        var failed = new TaskCompletionSource<IRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.RequestFailed += (_, request) => failed.TrySetResult(request);
        await page.EvaluateAsync("() => { const l = document.createElement('link'); l.rel = 'stylesheet'; l.href = 'http://cdn.example.invalid/site.css'; document.head.appendChild(l); }");
        (await failed.Task.WaitAsync(TestContext.Current.CancellationToken)).Url.Should().Be("http://cdn.example.invalid/site.css");

        session.Blocked.Should().Equal("http://cdn.example.invalid/site.css");
        var check = () => session.AssertNoExternalRequests();
        check.Should().Throw<Exception>();
    }
}
