using System.Globalization;
using System.Text;

namespace Mlops.Governance;

/// <summary>Renders a <see cref="ModelCard"/> as Markdown: one heading per section, tables for generated records.</summary>
internal static class ModelCardMarkdown
{
    public const string ToBeWritten = "_To be written._";

    public static string Render(ModelCard card)
    {
        var md = new StringBuilder();
        var d = card.ModelDetails;
        md.Append(CultureInfo.InvariantCulture, $"# Model card: {d.Name} version {d.Version}").AppendLine().AppendLine();
        md.Append(CultureInfo.InvariantCulture, $"Generated {Time(card.GeneratedAt)} by {card.GeneratedBy} for `{card.ModelUri}`.").AppendLine();
        if (card.MissingFields.Count > 0)
        {
            md.AppendLine().Append("**To be written:** ").AppendJoin(", ", card.MissingFields.Select(f => "`" + f + "`")).AppendLine();
        }

        md.AppendLine().AppendLine("## Model details").AppendLine();
        Table(md, ["Field", "Value"],
        [
            ["Name", d.Name], ["Version", Number(d.Version)], ["Status", d.Status], ["Flavor", d.Flavor],
            ["SHA-256", Code(d.ArtifactDigest)], ["Size (bytes)", Number(d.ArtifactLength)], ["Aliases", Join(d.Aliases)],
            ["Registered", $"{Time(d.CreatedAt)} by {d.CreatedBy}"], ["Source", Code(d.Source)],
            ["Run", d.RunId is null ? "—" : $"{d.RunName} ({Code(d.RunId)})"], ["Git commit", d.GitCommit is null ? "—" : Code(d.GitCommit) + (d.GitDirty == true ? " (dirty)" : "")],
            ["Description", d.Description ?? d.ModelDescription ?? "—"],
        ]);
        Optional(md, "Developers", d.Developers);
        Optional(md, "License", d.License);
        Optional(md, "Contact", d.Contact);
        if (d.Parameters.Count > 0)
        {
            md.AppendLine().AppendLine("**Parameters**").AppendLine();
            Table(md, ["Parameter", "Value"], d.Parameters.Select(p => new[] { p.Key, p.Value }));
        }

        if (d.Signature is not null)
        {
            md.AppendLine().AppendLine("**Signature**").AppendLine().AppendLine("```json").AppendLine(d.Signature).AppendLine("```");
        }

        md.AppendLine().AppendLine("## Intended use");
        Written(md, "Primary intended uses", card.IntendedUse.PrimaryUses);
        Optional(md, "Primary intended users", card.IntendedUse.PrimaryUsers);
        Written(md, "Out-of-scope uses", card.IntendedUse.OutOfScopeUses);

        md.AppendLine().AppendLine("## Factors").AppendLine();
        md.Append("Sensitive features evaluated: ").AppendLine(Join(card.Factors.SensitiveFeatures));
        md.AppendLine().Append("Groups: ").AppendLine(Join(card.Factors.Groups));
        Written(md, "Relevant factors", card.Factors.RelevantFactors);
        Optional(md, "Evaluation factors", card.Factors.EvaluationFactors);

        var m = card.Metrics;
        md.AppendLine().AppendLine("## Metrics").AppendLine();
        md.AppendLine(m.ValidationVerdict is null
            ? "No validation report is attached to this version."
            : $"Validation verdict: **{m.ValidationVerdict}** (report {Code(m.ReportDigest ?? "")}, {Time(m.ValidatedAt)} by {m.ValidatedBy}).");
        if (m.FailedChecks.Count > 0)
        {
            md.AppendLine().Append("Failed checks: ").AppendLine(Join(m.FailedChecks));
        }

        if (m.Gate.Count > 0)
        {
            md.AppendLine();
            Table(md, ["Metric", "This version", "Champion", "Gate"],
                m.Gate.Select(g => new[] { g.Metric, Number(g.CandidateValue), Number(g.BaselineValue), g.Passed ? "passed" : "failed" }));
        }

        if (m.Evaluation.Count > 0)
        {
            md.AppendLine().AppendLine("**Evaluation metrics**").AppendLine();
            Table(md, ["Metric", "This version", "Champion"],
                m.Evaluation.Select(e => new[] { e.Key, Number(e.Value), Number(m.Champion is not null && m.Champion.TryGetValue(e.Key, out var c) ? c : null) }));
        }

        if (m.Run.Count > 0)
        {
            md.AppendLine().AppendLine("**Training run metrics**").AppendLine();
            Table(md, ["Metric", "Value"], m.Run.Select(e => new[] { e.Key, Number(e.Value) }));
        }

        Optional(md, "Rationale", m.Rationale);

        Data(md, "Evaluation data", card.EvaluationData);
        Data(md, "Training data", card.TrainingData);

        var q = card.QuantitativeAnalyses;
        md.AppendLine().AppendLine("## Quantitative analyses").AppendLine();
        if (q.Fairness is { } f)
        {
            var metrics = f.Overall.Keys.ToList();
            md.Append("Fairness by ").Append(Join(f.SensitiveFeatures)).Append(f.PositiveClass is null ? "" : $" (positive class {f.PositiveClass})").AppendLine(":").AppendLine();
            Table(md, ["Group", .. metrics],
                f.Groups.Select(g => Row(g.Group, metrics.Select(k => Number(g.Metrics.TryGetValue(k, out var v) ? v : null))))
                    .Append(Row("**overall**", metrics.Select(k => Number(f.Overall[k])))));
            md.AppendLine().Append(CultureInfo.InvariantCulture,
                $"Demographic parity difference {Number(f.DemographicParityDifference)}, ratio {Number(f.DemographicParityRatio)}; equalized odds difference {Number(f.EqualizedOddsDifference)}. ")
                .Append(f.FourFifthsRulePassed ? "Four-fifths rule passed: " : "Four-fifths rule failed: ").AppendLine(f.FourFifthsRule);
        }
        else
        {
            md.AppendLine("Fairness was not assessed.");
        }

        if (q.Drift.Count > 0)
        {
            md.AppendLine().Append(q.DatasetDrift == true ? "The evaluation data drifted" : "The evaluation data did not drift").AppendLine(" from the reference data:").AppendLine();
            Table(md, ["Column", "Test", "Statistic", "p-value", "Threshold", "Drifted"],
                q.Drift.Select(c => new[] { c.Column, c.Test, Number(c.Statistic), Number(c.PValue), Number(c.Threshold), c.Drifted ? "yes" : "no" }));
        }

        if (q.DataExpectationsPassed is not null)
        {
            md.AppendLine().Append(CultureInfo.InvariantCulture, $"Data expectations: {q.DataExpectationsPassed} passed, {q.DataExpectationsFailed} failed.").AppendLine();
        }

        Optional(md, "Notes", q.Notes);

        Section(md, "Ethical considerations", card.EthicalConsiderations);
        Section(md, "Caveats and recommendations", card.CaveatsAndRecommendations);

        md.AppendLine().AppendLine("## Approvals").AppendLine();
        if (card.Approvals.Count == 0)
        {
            md.AppendLine("No promotion of this version was requested.");
        }
        else
        {
            Table(md, ["Entry", "When", "Step", "Status", "By", "Alias", "Comment"],
                card.Approvals.Select(a => new[] { Number(a.Sequence), Time(a.Timestamp), a.Kind, a.Status, a.Actor, a.Alias ?? "", a.Comment ?? "" }));
        }

        var annex = card.AnnexIv;
        md.AppendLine().AppendLine("## EU AI Act Annex IV");
        Section(md, "Intended purpose", annex.IntendedPurpose, "###");
        md.AppendLine().AppendLine("### Version history").AppendLine();
        Table(md, ["Version", "Registered", "By", "Status", "SHA-256", "Aliases", "Validation"],
            annex.VersionHistory.Select(v => new[] { Number(v.Version), Time(v.CreatedAt), v.CreatedBy, v.Status, Code(v.ArtifactDigest), Join(v.Aliases), v.ValidationVerdict ?? "—" }));
        Section(md, "Data requirements", annex.DataRequirements, "###");
        Events(md, "Validation and test logs", annex.ValidationAndTestLogs, "No validation report is attached to this version.");
        Section(md, "Human-oversight measures", annex.HumanOversightMeasures, "###");
        Events(md, "Oversight events", annex.OversightEvents, "No kill-switch or override event was recorded.", "####");
        Section(md, "Post-market monitoring plan", annex.PostMarketMonitoringPlan, "###");
        return md.ToString();
    }

    private static void Data(StringBuilder md, string title, ModelCardData data)
    {
        md.AppendLine().Append("## ").AppendLine(title).AppendLine();
        if (data.Datasets.Count == 0)
        {
            md.AppendLine("No dataset is recorded in the version's lineage.");
        }
        else
        {
            Table(md, ["Dataset", "SHA-256", "Rows", "Source", "Context"],
                data.Datasets.Select(s => new[] { s.Name, Code(s.Digest), Number(s.RowCount), s.Source, s.Context }));
        }

        Optional(md, "Notes", data.Notes);
    }

    private static void Events(StringBuilder md, string title, IReadOnlyList<ModelCardJournalEvent> events, string none, string level = "###")
    {
        md.AppendLine().Append(level).Append(' ').AppendLine(title).AppendLine();
        if (events.Count == 0)
        {
            md.AppendLine(none);
            return;
        }

        Table(md, ["Entry", "When", "Kind", "By", "Details"],
            events.Select(e => new[] { Number(e.Sequence), Time(e.Timestamp), e.Kind, e.Actor, Code(e.Payload) }));
    }

    private static void Section(StringBuilder md, string title, string? text, string level = "##") =>
        md.AppendLine().Append(level).Append(' ').AppendLine(title).AppendLine().AppendLine(text ?? ToBeWritten);

    // A required written field: marked when nobody wrote it yet.
    private static void Written(StringBuilder md, string label, string? text) =>
        md.AppendLine().Append("**").Append(label).AppendLine("**").AppendLine().AppendLine(text ?? ToBeWritten);

    // An optional written field: left out until someone writes it.
    private static void Optional(StringBuilder md, string label, string? text)
    {
        if (text is not null)
        {
            Written(md, label, text);
        }
    }

    private static void Table(StringBuilder md, string[] header, IEnumerable<string[]> rows)
    {
        md.Append("| ").AppendJoin(" | ", header.Select(Cell)).AppendLine(" |");
        md.Append('|').AppendJoin('|', header.Select(_ => " --- ")).AppendLine("|");
        foreach (var row in rows)
        {
            md.Append("| ").AppendJoin(" | ", row.Select(Cell)).AppendLine(" |");
        }
    }

    private static string[] Row(string first, IEnumerable<string> rest) => [first, .. rest];

    private static string Cell(string text) =>
        text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal);

    private static string Code(string text) => text.Length == 0 ? "" : "`" + text.Replace("`", "'", StringComparison.Ordinal) + "`";

    private static string Join(IEnumerable<string> values)
    {
        var text = string.Join(", ", values);
        return text.Length == 0 ? "—" : text;
    }

    private static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "—";

    private static string Number(double? value) =>
        value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "—";

    private static string Number(long? value) =>
        value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "—";
}
