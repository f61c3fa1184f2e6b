using Microsoft.AspNetCore.Http;

namespace Mlops.AspNetCore.Dashboard.Internal;

/// <summary>The stylesheet ships inside the assembly (no CDN, no fonts, no network) and is served under the prefix.</summary>
internal static class Assets
{
    private static readonly Lazy<byte[]> Css = new(() => Read("dashboard.css"));

    public static IResult Stylesheet(HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Bytes(Css.Value, "text/css; charset=utf-8");
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(Assets).Assembly.GetManifestResourceStream("Mlops.AspNetCore.Dashboard.Assets." + name)
            ?? throw new InvalidOperationException($"The dashboard asset '{name}' is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
