using System.Globalization;
using System.Net;
using System.Text;
using VmafRoi.Contracts;

namespace VmafRoi.Sdk.Tasks;

/// <summary>
/// The gate's HTML index (<c>VmafRoiReport=true</c>): one row per item of the gate summary, its verdict, scores and bars,
/// and a link to the item's own report. Self-contained; links are relative to the index's folder.
/// </summary>
public static class GateIndex
{
    /// <summary>The index page; <paramref name="reports"/> holds each summary item's report path (empty when it has none).</summary>
    public static string Render(GateSummary summary, IReadOnlyList<string> reports, string indexFolder, string summaryFile)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>VmafRoi quality gate</title>\n<style>\n")
            .Append("body { font-family: \"DejaVu Sans\", system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #1d1d1f; }\n")
            .Append("table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #ddd; }\n")
            .Append(".pass { color: #1a7f37; font-weight: bold; } .fail, .error { color: #c00; font-weight: bold; } td.num { font-variant-numeric: tabular-nums; }\n")
            .Append("</style>\n</head>\n<body>\n<h1>VmafRoi quality gate</h1>\n<p id=\"verdict\" class=\"").Append(summary.Passed ? "pass" : "fail").Append("\">")
            .Append(summary.Passed ? "passed" : "failed").Append(": ")
            .Append(string.Create(CultureInfo.InvariantCulture, $"{summary.ItemCount - summary.FailedCount} of {summary.ItemCount} item(s) passed ({summary.ScoredCount} scored, {summary.ReusedCount} reused)"))
            .Append(" · <a href=\"").Append(Link(summaryFile, indexFolder)).Append("\">gate summary (JSON)</a></p>\n")
            .Append("<table id=\"items\">\n<tr><th>item</th><th>verdict</th><th>run</th><th>vmaf_roi</th><th>vmaf_full</th><th>vmaf_masked</th><th>bars</th><th>report</th></tr>\n");
        for (int i = 0; i < summary.Items.Count; i++)
        {
            GateItemSummary item = summary.Items[i];
            string report = i < reports.Count ? reports[i] : string.Empty;
            string bars = string.Join(", ", new[] { item.MinVmafRoi is { } r ? $"vmaf_roi ≥ {Number(r)}" : null, item.MinVmaf is { } v ? $"vmaf ≥ {Number(v)}" : null }.Where(b => b is not null));
            html.Append("<tr><td>").Append(E(item.Name)).Append("</td><td class=\"").Append(E(item.Verdict)).Append("\">").Append(E(item.Verdict))
                .Append(item.ErrorCode is { } code ? $" ({E(code)})" : string.Empty).Append("</td><td>").Append(E(item.Run)).Append("</td>")
                .Append("<td class=\"num\">").Append(Number(item.VmafRoi)).Append("</td><td class=\"num\">").Append(Number(item.VmafFull))
                .Append("</td><td class=\"num\">").Append(Number(item.VmafMasked)).Append("</td><td>").Append(E(bars)).Append("</td><td>");
            if (report.Length > 0 && File.Exists(report))
            {
                html.Append("<a class=\"report\" href=\"").Append(Link(report, indexFolder)).Append("\">report</a>");
            }

            html.Append("</td></tr>\n");
        }

        html.Append("</table>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Link(string path, string folder) =>
        E(string.Join('/', Path.GetRelativePath(folder, path).Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString)));

    private static string Number(double? value) => value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "–";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
