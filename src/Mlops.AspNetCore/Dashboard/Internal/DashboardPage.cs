using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Mlops.AspNetCore.Dashboard.Internal;

/// <summary>One request to a dashboard page: where the dashboard is mounted, its options, and the page being written.</summary>
internal sealed class DashboardPage(HttpContext context, string prefix, MlopsDashboardOptions options)
{
    private const string FlashCookie = "mlops-dashboard-flash";

    public HttpContext Context { get; } = context;

    public string Prefix { get; } = prefix;

    public MlopsDashboardOptions Options { get; } = options;

    public Html Body { get; } = new();

    public CancellationToken Aborted => Context.RequestAborted;

    /// <summary>The dashboard URL of <paramref name="path"/> ("runs/abc"), under the mount prefix.</summary>
    public string Href(string path) => Prefix + "/" + path;

    public string? Query(string name) => Context.Request.Query[name].ToString() is { Length: > 0 } value ? value : null;

    /// <summary>A service the host may not have registered; null when absent, so its section can say so.</summary>
    public T? Service<T>()
        where T : class => Context.RequestServices.GetService<T>();

    /// <summary>Writes the "not registered" notice of a section whose service is absent.</summary>
    public void Missing(string what, string call) =>
        Body.Raw("<p class=\"notice\" data-testid=\"not-registered\">").Text($"{what} is not registered in this app; add it with {call}.").Raw("</p>");

    /// <summary>Keeps a message for the page the browser is redirected to (post/redirect/get).</summary>
    public void SetFlash(bool ok, string message) =>
        Context.Response.Cookies.Append(FlashCookie, (ok ? "ok:" : "error:") + message, new CookieOptions
        {
            Path = Prefix.Length == 0 ? "/" : Prefix,
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            IsEssential = true,
        });

    /// <summary>303 See Other: the browser GETs the page after a POST, so a reload does not post again.</summary>
    public IResult Redirect(string path)
    {
        Context.Response.Headers.Location = Href(path);
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    /// <summary>Wraps the body in the layout (skip link, navigation, flash message) and answers 200 with HTML.</summary>
    public IResult Render(string title, string section, int statusCode = StatusCodes.Status200OK)
    {
        var page = new Html();
        page.Raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Element("title", $"{title} · {Options.Title}")
            .Open("link", ("rel", "stylesheet"), ("href", Href("assets/dashboard.css")))
            .Raw("</head><body><a class=\"skip\" href=\"#main\">Skip to content</a><header class=\"top\"><nav aria-label=\"Dashboard\">")
            .Link(Href(string.Empty), Options.Title, ("class", "brand"))
            .Raw("<ul>");
        foreach (var (path, label) in Sections)
        {
            page.Raw("<li>").Link(Href(path), label, ("aria-current", path == section ? "page" : null)).Raw("</li>");
        }

        page.Raw("</ul></nav></header><main id=\"main\" tabindex=\"-1\">").Heading(1, title);
        WriteFlash(page);
        page.Raw(Body.ToString()).Raw("</main></body></html>");
        return Results.Content(page.ToString(), "text/html; charset=utf-8", statusCode: statusCode);
    }

    private static readonly (string Path, string Label)[] Sections =
    [
        ("runs", "Runs"), ("models", "Models"), ("governance", "Governance"), ("journal", "Journal"), ("serving", "Serving"),
    ];

    private void WriteFlash(Html page)
    {
        if (!Context.Request.Cookies.TryGetValue(FlashCookie, out var flash) || string.IsNullOrEmpty(flash))
        {
            return;
        }

        Context.Response.Cookies.Delete(FlashCookie, new CookieOptions { Path = Prefix.Length == 0 ? "/" : Prefix });
        var ok = flash.StartsWith("ok:", StringComparison.Ordinal);
        var message = flash[(flash.IndexOf(':', StringComparison.Ordinal) + 1)..];
        page.Open("div", ("class", ok ? "flash ok" : "flash error"), ("role", ok ? "status" : "alert"), ("data-testid", "flash"))
            .Text(message).Close("div");
    }
}
