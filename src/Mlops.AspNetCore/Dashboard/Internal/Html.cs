using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Mlops.AspNetCore.Dashboard.Internal;

/// <summary>Builds a page as text: every value goes through <see cref="HtmlEncoder"/>, markup is written as given.</summary>
internal sealed class Html
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;
    private readonly StringBuilder _text = new(8192);

    public Html Raw(string markup)
    {
        _text.Append(markup);
        return this;
    }

    public Html Text(string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Encoder.Encode(new StringWriter(_text, CultureInfo.InvariantCulture), value);
        }

        return this;
    }

    public Html Number(double value) => Text(Format(value));

    /// <summary>Writes <c>&lt;tag attr="value"...&gt;</c>; null attribute values are left out.</summary>
    public Html Open(string tag, params (string Name, string? Value)[] attributes)
    {
        _text.Append('<').Append(tag);
        foreach (var (name, value) in attributes)
        {
            if (value is null)
            {
                continue;
            }

            _text.Append(' ').Append(name).Append("=\"");
            Text(value);
            _text.Append('"');
        }

        _text.Append('>');
        return this;
    }

    public Html Close(string tag) => Raw("</" + tag + ">");

    public Html Element(string tag, string? text, params (string Name, string? Value)[] attributes) =>
        Open(tag, attributes).Text(text).Close(tag);

    public Html Link(string href, string text, params (string Name, string? Value)[] attributes) =>
        Open("a", [("href", href), .. attributes]).Text(text).Close("a");

    public Html Heading(int level, string text, string? id = null) => Element("h" + level.ToString(CultureInfo.InvariantCulture), text, ("id", id));

    public Html Paragraph(string text, string? cssClass = null) => Element("p", text, ("class", cssClass));

    /// <summary>A table of key/value rows (params, tags), inside a horizontally scrolling wrapper.</summary>
    public Html KeyValues(string caption, IEnumerable<KeyValuePair<string, string>> rows, string keyHeader = "Key", string valueHeader = "Value")
    {
        var list = rows.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        if (list.Count == 0)
        {
            return Paragraph($"No {caption.ToLowerInvariant()}.", "muted");
        }

        Raw("<div class=\"scroll\"><table><caption>").Text(caption).Raw("</caption><thead><tr>")
            .Element("th", keyHeader, ("scope", "col")).Element("th", valueHeader, ("scope", "col")).Raw("</tr></thead><tbody>");
        foreach (var (key, value) in list)
        {
            Raw("<tr>").Element("th", key, ("scope", "row")).Element("td", value).Raw("</tr>");
        }

        return Raw("</tbody></table></div>");
    }

    public static string Format(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsInfinity(value) ? (value > 0 ? "∞" : "-∞")
        : value.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Format(DateTimeOffset? value) => value is { } v ? Format(v) : "—";

    public static string Url(string value) => Uri.EscapeDataString(value);

    public override string ToString() => _text.ToString();
}
