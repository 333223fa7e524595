using System.Globalization;
using System.Net;
using System.Text;
using VmafRoi.Contracts;
using VmafRoi.Roi;
using VmafRoi.Saliency;
using VmafRoi.VmafRunner;
using VmafRoi.Yuv;
using VmafRoi.Yuv.IO;

namespace VmafRoi.Report;

/// <summary>
/// One self-contained HTML file about a region-of-interest VMAF run, for a person to open in a browser: the summary, a
/// per-frame plot of the full, masked (or pooled) and ROI scores (inline SVG), the worst frames with reference,
/// distorted and saliency-heatmap thumbnails (embedded PNG), and the clip's mean saliency mask. Nothing is fetched.
/// </summary>
public static class RoiReport
{
    /// <summary>How many of the lowest-<c>vmaf_roi</c> frames get thumbnails.</summary>
    public const int WorstFrames = 5;

    /// <summary>Renders the report of <paramref name="run"/> (scored with <see cref="RoiScoreRequest.CollectMaskStatistics"/>) and writes it to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, RoiScoreRun run, RoiScoreRequest request, CancellationToken cancellationToken = default) =>
        AtomicFile.WriteAllText(path, Render(run, request, cancellationToken), cancellationToken);

    /// <summary>
    /// The report's HTML. The worst frames are read again from the clips (and their masks from the request's saliency
    /// source: the sidecar the run wrote, the model for just those frames, or the synthetic constant).
    /// </summary>
    public static string Render(RoiScoreRun run, RoiScoreRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(request);
        if (run.ClipMask is null)
        {
            throw new ArgumentException("the run kept no mask statistics: score with RoiScoreRequest.CollectMaskStatistics for a report", nameof(run));
        }

        RoiScoreResult result = run.Result;
        bool pooled = result.VmafPooled is not null;
        string methodLabel = pooled ? "pooled" : "masked";
        List<RoiFrameResult> worst = [.. run.Frames.OrderBy(f => f.VmafRoi).ThenBy(f => f.Index).Take(WorstFrames)];
        IReadOnlyList<WorstFrame> thumbnails = ReadWorst(worst, request, cancellationToken);

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<title>").Append(E($"VMAF ROI report: {result.Distorted}")).Append("</title>\n")
            .Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n")
            .Append("<h1>Region-of-interest VMAF</h1>\n")
            .Append("<p class=\"lead\">").Append(E(result.Distorted)).Append(" against ").Append(E(result.Reference)).Append("</p>\n");

        // Summary.
        html.Append("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"scores\">\n");
        Score(html, "vmaf-roi", "vmaf_roi", result.VmafRoi, true);
        Score(html, "vmaf-full", "vmaf_full", result.VmafFull, false);
        Score(html, "vmaf-method", pooled ? "vmaf_pooled" : "vmaf_masked", result.MethodScore, false);
        html.Append("</div>\n<table>\n");
        Row(html, "method", pooled ? "pooled (saliency-weighted pooling inside the features)" : "substitution (low-saliency pixels take the reference's)");
        Row(html, "weight", F(result.Weight));
        Row(html, "vmaf_roi", $"(1 − {F(result.Weight)}) · {F(result.VmafFull, 3)} + {F(result.Weight)} · {F(result.MethodScore, 3)} = {F(result.VmafRoi, 3)}");
        if (!pooled)
        {
            Row(html, "threshold / fade", $"{F(request.Threshold)} / {F(request.Fade)}");
        }

        Row(html, "VMAF model", result.Model);
        Row(html, "saliency model", result.SaliencyModel);
        Row(html, "reference", result.Reference);
        Row(html, "distorted", result.Distorted);
        Row(html, "frames", string.Create(CultureInfo.InvariantCulture, $"{run.Frames.Count} ({run.Geometry})"));
        Row(html, "engine", run.Fused ? $"{run.Route} (one fused pass)" : $"{run.Route} (two runs over a masked copy)");
        html.Append("</table>\n</section>\n");

        // Per-frame plot.
        html.Append("<section id=\"plot\">\n<h2>Per frame</h2>\n<div class=\"plot\">\n")
            .Append(FramePlot.Svg(run.Frames, methodLabel, worst.Select(w => w.Index).ToHashSet()))
            .Append("\n</div>\n<p class=\"note\">Circles mark the ").Append(worst.Count).Append(" frames with the lowest vmaf_roi.</p>\n</section>\n");

        // Worst frames.
        html.Append("<section id=\"worst-frames\">\n<h2>Worst frames</h2>\n");
        foreach (WorstFrame w in thumbnails)
        {
            RoiFrameResult f = w.Scores;
            html.Append("<figure class=\"frame\" data-frame=\"").Append(f.Index.ToString(CultureInfo.InvariantCulture)).Append("\">\n<figcaption>")
                .Append(E(string.Create(CultureInfo.InvariantCulture, $"frame {f.Index}: vmaf_roi {f.VmafRoi:F2}, vmaf_full {f.VmafFull:F2}, vmaf_{methodLabel} {f.MethodScore:F2}, mask mean {f.MaskMean:F3}"))).Append("</figcaption>\n<div class=\"thumbs\">\n");
            Thumb(html, "reference", w.Reference);
            Thumb(html, "distorted", w.Distorted);
            Thumb(html, "saliency", w.Heatmap);
            html.Append("</div>\n</figure>\n");
        }

        html.Append("</section>\n");

        // Clip mask.
        ClipMask mask = run.ClipMask;

        html.Append("<section id=\"clip-mask\">\n<h2>Clip saliency mask</h2>\n<p class=\"note\">The mean of every frame's mask (")
            .Append(mask.Width).Append('×').Append(mask.Height).Append(" block averages); bright is salient.</p>\n")
            .Append("<img alt=\"mean saliency mask of the clip\" src=\"").Append(Thumbnails.Mask(mask.Values, mask.Width, mask.Height, Thumbnails.Side * 2)).Append("\">\n</section>\n");
        html.Append("<footer>VmafRoi.Sdk · vmaf-roi-score</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    private sealed record WorstFrame(RoiFrameResult Scores, string Reference, string Distorted, string Heatmap);

    /// <summary>Reads the clips once up to the last worst frame and makes the thumbnails of the worst ones.</summary>
    private static IReadOnlyList<WorstFrame> ReadWorst(List<RoiFrameResult> worst, RoiScoreRequest request, CancellationToken cancellationToken)
    {
        if (worst.Count == 0)
        {
            return [];
        }

        Dictionary<int, RoiFrameResult> wanted = worst.ToDictionary(f => f.Index);
        int last = wanted.Keys.Max();
        VmafInput reference = RoiScorer.InputFor(request.Reference, request);
        VmafInput distorted = RoiScorer.InputFor(request.Distorted, request);

        // The run has written any sidecar it uses: read it, never recompute or replace it here.
        RoiScoreRequest masksRequest = request with
        {
            SidecarMode = request.SaliencySidecar is null ? request.SidecarMode : Saliency.Sidecars.SidecarCacheMode.ReadOnly,
            Log = null,
            Progress = null,
        };
        using IMaskProvider masks = RoiScorer.OpenMasks(masksRequest, reference);
        using FrameSource r = reference.Open(cancellationToken);
        using FrameSource d = distorted.Open(cancellationToken);
        YuvToRgbConversion conversion = YuvToRgbConversion.Resolve(request.ColorMatrix, r.Color, r.Geometry.Format, r.Geometry.Height);
        float[] mask = new float[r.Geometry.Luma.Samples];
        var made = new List<WorstFrame>();
        for (int i = 0; i <= last; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using YuvFrame? rf = r.ReadNext();
            using YuvFrame? df = d.ReadNext();
            if (rf is null || df is null)
            {
                break;
            }

            if (!wanted.TryGetValue(i, out RoiFrameResult? scores))
            {
                masks.Skip(rf);
                continue;
            }

            masks.MaskFor(rf, mask);
            made.Add(new WorstFrame(scores, Thumbnails.Frame(rf, conversion), Thumbnails.Frame(df, conversion), Thumbnails.Heat(rf, mask)));
        }

        return [.. made.OrderBy(w => w.Scores.VmafRoi).ThenBy(w => w.Scores.Index)];
    }

    private static void Score(StringBuilder html, string id, string name, double value, bool main) =>
        html.Append("<div class=\"score").Append(main ? " main" : string.Empty).Append("\" id=\"").Append(id).Append("\"><span class=\"value\">")
            .Append(F(value, 2)).Append("</span><span class=\"name\">").Append(name).Append("</span></div>\n");

    private static void Row(StringBuilder html, string name, string value) =>
        html.Append("<tr><th>").Append(E(name)).Append("</th><td>").Append(E(value)).Append("</td></tr>\n");

    private static void Thumb(StringBuilder html, string label, string dataUri) =>
        html.Append("<div class=\"thumb\"><img alt=\"").Append(label).Append("\" class=\"").Append(label).Append("\" src=\"").Append(dataUri).Append("\"><span>").Append(label).Append("</span></div>\n");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string F(double value, int decimals = -1) =>
        decimals < 0 ? value.ToString("0.###", CultureInfo.InvariantCulture) : value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private const string Style = """
        body { font-family: "DejaVu Sans", system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #1d1d1f; background: #fafafa; padding: 0 1rem; }
        h1 { margin-bottom: .2rem; } h2 { border-bottom: 1px solid #ddd; padding-bottom: .3rem; margin-top: 2rem; }
        .lead { color: #555; word-break: break-all; }
        .scores { display: flex; gap: 1rem; margin: 1rem 0; }
        .score { background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: .8rem 1.2rem; min-width: 9rem; }
        .score.main { border-color: #e07b00; }
        .score .value { display: block; font-size: 2rem; font-weight: bold; }
        .score .name { color: #666; font-family: monospace; }
        table { border-collapse: collapse; } th { text-align: left; padding: .2rem 1rem .2rem 0; color: #555; font-weight: normal; }
        td { padding: .2rem 0; word-break: break-all; }
        .plot svg { width: 100%; height: auto; background: #fff; border: 1px solid #ddd; }
        .note { color: #666; font-size: .9rem; }
        figure.frame { margin: 1rem 0; background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: .8rem; }
        figcaption { font-family: monospace; margin-bottom: .5rem; }
        .thumbs { display: flex; gap: .5rem; flex-wrap: wrap; }
        .thumb { display: flex; flex-direction: column; align-items: center; font-size: .8rem; color: #666; }
        .thumb img { max-width: 320px; border: 1px solid #ccc; }
        #clip-mask img { width: 640px; max-width: 100%; image-rendering: pixelated; border: 1px solid #ccc; }
        footer { margin-top: 3rem; color: #999; font-size: .8rem; }

        """;
}
