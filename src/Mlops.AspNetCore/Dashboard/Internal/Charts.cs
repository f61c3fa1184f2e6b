using System.Globalization;
using Mlops.Validation.Profiles;

namespace Mlops.AspNetCore.Dashboard.Internal;

/// <summary>Inline SVG charts: no script, no fonts, no network; each point carries a title for screen readers and hover.</summary>
internal static class Charts
{
    private const double Width = 480;
    private const double Height = 220;
    private const double Left = 56;
    private const double Right = 12;
    private const double Top = 12;
    private const double Bottom = 32;

    /// <summary>One named line of points (step, value).</summary>
    public sealed record Series(string Label, IReadOnlyList<(long Step, double Value)> Points);

    /// <summary>A line chart of one metric over steps, one line per series (one run, or several runs overlaid).</summary>
    public static void Line(Html html, string metric, IReadOnlyList<Series> series)
    {
        var finite = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.Value)).ToList();
        html.Open("figure", ("class", "chart"), ("data-testid", "metric-chart"), ("data-metric", metric))
            .Element("figcaption", metric);
        if (finite.Count == 0)
        {
            html.Paragraph("No finite values to plot.", "muted").Close("figure");
            return;
        }

        var (minStep, maxStep) = (finite.Min(p => p.Step), finite.Max(p => p.Step));
        var (minValue, maxValue) = (finite.Min(p => p.Value), finite.Max(p => p.Value));
        if (maxValue == minValue)
        {
            (minValue, maxValue) = (minValue - 0.5, maxValue + 0.5);
        }

        double X(long step) => maxStep == minStep ? Left + ((Width - Left - Right) / 2) : Left + ((step - minStep) * (Width - Left - Right) / (maxStep - minStep));
        double Y(double value) => Top + ((maxValue - value) * (Height - Top - Bottom) / (maxValue - minValue));

        html.Open("svg", ("viewBox", $"0 0 {N(Width)} {N(Height)}"), ("role", "img"), ("aria-label", $"{metric} over steps {minStep} to {maxStep}, from {Html.Format(minValue)} to {Html.Format(maxValue)}"))
            .Raw($"<line class=\"axis\" x1=\"{N(Left)}\" y1=\"{N(Height - Bottom)}\" x2=\"{N(Width - Right)}\" y2=\"{N(Height - Bottom)}\"/>")
            .Raw($"<line class=\"axis\" x1=\"{N(Left)}\" y1=\"{N(Top)}\" x2=\"{N(Left)}\" y2=\"{N(Height - Bottom)}\"/>")
            .Open("text", ("class", "tick"), ("x", N(Left - 4)), ("y", N(Top + 10)), ("text-anchor", "end")).Text(Html.Format(maxValue)).Close("text")
            .Open("text", ("class", "tick"), ("x", N(Left - 4)), ("y", N(Height - Bottom)), ("text-anchor", "end")).Text(Html.Format(minValue)).Close("text")
            .Open("text", ("class", "tick"), ("x", N(Left)), ("y", N(Height - 10))).Text("step " + minStep.ToString(CultureInfo.InvariantCulture)).Close("text")
            .Open("text", ("class", "tick"), ("x", N(Width - Right)), ("y", N(Height - 10)), ("text-anchor", "end")).Text("step " + maxStep.ToString(CultureInfo.InvariantCulture)).Close("text");
        for (var i = 0; i < series.Count; i++)
        {
            var points = series[i].Points.Where(p => double.IsFinite(p.Value)).ToList();
            var css = "series s" + (i % 6).ToString(CultureInfo.InvariantCulture);
            html.Open("g", ("class", css), ("data-series", series[i].Label))
                .Open("polyline", ("points", string.Join(' ', points.Select(p => N(X(p.Step)) + "," + N(Y(p.Value)))))).Close("polyline");
            foreach (var (step, value) in points)
            {
                html.Open("circle", ("class", "point"), ("cx", N(X(step))), ("cy", N(Y(value))), ("r", "3"),
                        ("data-step", step.ToString(CultureInfo.InvariantCulture)), ("data-value", value.ToString("R", CultureInfo.InvariantCulture)))
                    .Element("title", $"{series[i].Label}: step {step}, {metric} = {Html.Format(value)}")
                    .Close("circle");
            }

            html.Close("g");
        }

        html.Close("svg");
        if (series.Count > 1)
        {
            html.Raw("<ul class=\"legend\">");
            for (var i = 0; i < series.Count; i++)
            {
                html.Raw($"<li><span class=\"swatch s{(i % 6).ToString(CultureInfo.InvariantCulture)}\" aria-hidden=\"true\"></span>").Text(series[i].Label).Raw("</li>");
            }

            html.Raw("</ul>");
        }

        html.Close("figure");
    }

    /// <summary>
    /// Bars of a numeric histogram, reference and (when known) current side by side, as shares of each total. The stored
    /// grid is fine (about range/1000), so its bins are summed into <see cref="DisplayBins"/> equal buckets over the range.
    /// </summary>
    public static void Histogram(Html html, string column, NumericHistogram reference, NumericHistogram? current)
    {
        var low = Math.Min(reference.FirstBin * reference.BinWidth, current is null ? double.MaxValue : current.FirstBin * current.BinWidth);
        var high = Math.Max((reference.FirstBin + reference.Counts.Count) * reference.BinWidth,
            current is null ? double.MinValue : (current.FirstBin + current.Counts.Count) * current.BinWidth);
        var referenceShares = Buckets(reference, low, high);
        var currentShares = current is null ? null : Buckets(current, low, high);
        var max = referenceShares.Concat(currentShares ?? []).DefaultIfEmpty(0).Max();
        if (max <= 0)
        {
            max = 1;
        }

        var slot = (Width - Left - Right) / DisplayBins;
        var bar = current is null ? slot * 0.85 : slot * 0.42;
        var step = (high - low) / DisplayBins;
        html.Open("figure", ("class", "chart"), ("data-testid", "drift-histogram"), ("data-column", column))
            .Element("figcaption", current is null ? $"{column}: reference distribution" : $"{column}: reference vs current")
            .Open("svg", ("viewBox", $"0 0 {N(Width)} {N(Height)}"), ("role", "img"), ("aria-label", $"Histogram of {column} from {Html.Format(low)} to {Html.Format(high)} in {DisplayBins} bins"))
            .Raw($"<line class=\"axis\" x1=\"{N(Left)}\" y1=\"{N(Height - Bottom)}\" x2=\"{N(Width - Right)}\" y2=\"{N(Height - Bottom)}\"/>");
        for (var i = 0; i < DisplayBins; i++)
        {
            var range = $"{Html.Format(low + (i * step))}–{Html.Format(low + ((i + 1) * step))}";
            Bar(html, "bar reference", Left + (i * slot), bar, referenceShares[i] / max, $"reference {range}: {Html.Format(Math.Round(referenceShares[i] * 100, 1))}%");
            if (currentShares is not null)
            {
                Bar(html, "bar current", Left + (i * slot) + bar, bar, currentShares[i] / max, $"current {range}: {Html.Format(Math.Round(currentShares[i] * 100, 1))}%");
            }
        }

        html.Open("text", ("class", "tick"), ("x", N(Left)), ("y", N(Height - 10))).Text(Html.Format(low)).Close("text")
            .Open("text", ("class", "tick"), ("x", N(Width - Right)), ("y", N(Height - 10)), ("text-anchor", "end")).Text(Html.Format(high)).Close("text")
            .Close("svg");
        html.Raw("<ul class=\"legend\"><li><span class=\"swatch reference\" aria-hidden=\"true\"></span>reference</li>");
        if (current is not null)
        {
            html.Raw("<li><span class=\"swatch current\" aria-hidden=\"true\"></span>current</li>");
        }

        html.Raw("</ul></figure>");
    }

    private const int DisplayBins = 24;

    private static double[] Buckets(NumericHistogram histogram, double low, double high)
    {
        var shares = new double[DisplayBins];
        var total = histogram.Total;
        if (total == 0 || high <= low)
        {
            return shares;
        }

        for (var i = 0; i < histogram.Counts.Count; i++)
        {
            var center = (histogram.FirstBin + i + 0.5) * histogram.BinWidth;
            var bucket = Math.Clamp((int)((center - low) / (high - low) * DisplayBins), 0, DisplayBins - 1);
            shares[bucket] += (double)histogram.Counts[i] / total;
        }

        return shares;
    }

    /// <summary>A drift gauge: the score against its threshold, as a meter with the verdict in words.</summary>
    public static void Gauge(Html html, string column, double score, double threshold, bool pValue, bool drifted)
    {
        var max = Math.Max(1, Math.Max(threshold * 2, double.IsFinite(score) ? score : 0));
        var shown = double.IsFinite(score) ? Math.Min(score, max) : max;
        var id = "gauge-" + Uri.EscapeDataString(column).Replace('%', '_');
        html.Open("div", ("class", drifted ? "gauge drifted" : "gauge"), ("data-testid", "drift-gauge"), ("data-column", column), ("data-drifted", drifted ? "true" : "false"))
            .Element("label", column, ("for", id))
            .Open("meter", ("id", id), ("min", "0"), ("max", N(max)), ("value", N(shown)),
                pValue ? ("low", N(threshold)) : ("high", N(threshold)), ("optimum", pValue ? N(max) : "0"))
            .Text(Html.Format(score)).Close("meter")
            .Element("span", $"{(pValue ? "p" : "distance")} = {Html.Format(score)}, drifts at {(pValue ? "≤" : "≥")} {Html.Format(threshold)}: {(drifted ? "drifted" : "no drift")}", ("class", "gauge-text"))
            .Close("div");
    }

    private static void Bar(Html html, string css, double x, double width, double fraction, string title)
    {
        var height = fraction * (Height - Top - Bottom);
        html.Open("rect", ("class", css), ("x", N(x)), ("y", N(Height - Bottom - height)), ("width", N(width)), ("height", N(height)))
            .Element("title", title).Close("rect");
    }

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
