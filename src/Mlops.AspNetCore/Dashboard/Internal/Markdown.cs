namespace Mlops.AspNetCore.Dashboard.Internal;

/// <summary>
/// Renders the Markdown our own reports and model cards write (headings, lists, pipe tables, paragraphs, inline code and
/// bold) as HTML. Everything is encoded; no raw HTML in the Markdown passes through.
/// </summary>
internal static class Markdown
{
    public static void Render(Html html, string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var inList = false;
        var table = new List<string>();
        foreach (var raw in lines.Append(string.Empty))
        {
            var line = raw.TrimEnd();
            if (line.StartsWith('|'))
            {
                table.Add(line);
                continue;
            }

            if (table.Count > 0)
            {
                Table(html, table);
                table.Clear();
            }

            var item = line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("* ", StringComparison.Ordinal);
            if (inList && !item)
            {
                html.Raw("</ul>");
                inList = false;
            }

            if (line.Length == 0)
            {
                continue;
            }

            if (item)
            {
                if (!inList)
                {
                    html.Raw("<ul>");
                    inList = true;
                }

                html.Raw("<li>");
                Inline(html, line[2..]);
                html.Raw("</li>");
                continue;
            }

            var level = line.TakeWhile(c => c == '#').Count();
            if (level is > 0 and <= 6 && line.Length > level && line[level] == ' ')
            {
                // The page has its own h1; the document's headings start one level below it.
                var tag = "h" + Math.Min(level + 1, 6).ToString(System.Globalization.CultureInfo.InvariantCulture);
                html.Raw("<" + tag + ">");
                Inline(html, line[(level + 1)..]);
                html.Raw("</" + tag + ">");
                continue;
            }

            html.Raw("<p>");
            Inline(html, line.TrimStart('>', ' '));
            html.Raw("</p>");
        }
    }

    private static void Table(Html html, List<string> rows)
    {
        static string[] Cells(string row) => row.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
        var separator = rows.Count > 1 && Cells(rows[1]).All(c => c.Length > 0 && c.All(ch => ch is '-' or ':'));
        html.Raw("<div class=\"scroll\"><table>");
        for (var i = 0; i < rows.Count; i++)
        {
            if (separator && i == 1)
            {
                continue;
            }

            var header = separator && i == 0;
            html.Raw(header ? "<thead><tr>" : "<tr>");
            var cells = Cells(rows[i]);
            for (var c = 0; c < cells.Length; c++)
            {
                var tag = header ? "th scope=\"col\"" : c == 0 ? "th scope=\"row\"" : "td";
                html.Raw("<" + tag + ">");
                Inline(html, cells[c]);
                html.Raw(tag.StartsWith("th", StringComparison.Ordinal) ? "</th>" : "</td>");
            }

            html.Raw(header ? "</tr></thead><tbody>" : "</tr>");
        }

        html.Raw(separator ? "</tbody></table></div>" : "</table></div>");
    }

    /// <summary>`code` and **bold**; everything else is text.</summary>
    private static void Inline(Html html, string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '`' && text.IndexOf('`', i + 1) is var end and > 0)
            {
                html.Raw("<code>").Text(text[(i + 1)..end]).Raw("</code>");
                i = end + 1;
            }
            else if (text.AsSpan(i).StartsWith("**") && text.IndexOf("**", i + 2, StringComparison.Ordinal) is var close and > 0)
            {
                html.Raw("<strong>").Text(text[(i + 2)..close]).Raw("</strong>");
                i = close + 2;
            }
            else
            {
                var next = text.IndexOfAny(['`', '*'], i + 1);
                next = next < 0 ? text.Length : next;
                html.Text(text[i..next]);
                i = next;
            }
        }
    }
}
