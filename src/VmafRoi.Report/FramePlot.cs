using VmafRoi.Contracts;

namespace VmafRoi.Report;

/// <summary>The per-frame plot of a report as inline SVG, drawn with ScottPlot.</summary>
internal static class FramePlot
{
    public const int Width = 1000;

    public const int Height = 380;

    /// <summary>Lines of vmaf_full, vmaf_masked or vmaf_pooled, and vmaf_roi over the frame index; circles on the marked frames.</summary>
    public static string Svg(IReadOnlyList<RoiFrameResult> frames, string methodLabel, IReadOnlySet<int> marked)
    {
        var plot = new ScottPlot.Plot();
        double[] xs = [.. frames.Select(f => (double)f.Index)];
        Line(plot, xs, [.. frames.Select(f => f.VmafFull)], "vmaf_full", ScottPlot.Color.FromHex("#8a8a8a"));
        Line(plot, xs, [.. frames.Select(f => f.MethodScore)], "vmaf_" + methodLabel, ScottPlot.Color.FromHex("#1f77b4"));
        Line(plot, xs, [.. frames.Select(f => f.VmafRoi)], "vmaf_roi", ScottPlot.Color.FromHex("#e07b00"));
        RoiFrameResult[] worst = [.. frames.Where(f => marked.Contains(f.Index))];
        if (worst.Length > 0)
        {
            double[] wx = [.. worst.Select(f => (double)f.Index)];
            double[] wy = [.. worst.Select(f => f.VmafRoi)];
            var points = plot.Add.ScatterPoints(wx, wy);
            points.MarkerSize = 10;
            points.MarkerShape = ScottPlot.MarkerShape.OpenCircle;
            points.Color = ScottPlot.Color.FromHex("#c00000");
        }

        plot.Axes.Bottom.Label.Text = "frame";
        plot.Axes.Left.Label.Text = "VMAF";
        plot.ShowLegend(ScottPlot.Alignment.LowerLeft);
        // A viewBox lets the page scale the plot to its column.
        string svg = plot.GetSvgXml(Width, Height);
        int at = svg.IndexOf("<svg", StringComparison.Ordinal);
        return at < 0 || svg.Contains("viewBox", StringComparison.Ordinal) ? svg : svg.Insert(at + 4, $" viewBox=\"0 0 {Width} {Height}\"");
    }

    private static void Line(ScottPlot.Plot plot, double[] xs, double[] ys, string label, ScottPlot.Color color)
    {
        var line = plot.Add.ScatterLine(xs, ys);
        line.LegendText = label;
        line.Color = color;
        line.LineWidth = 2;
    }
}
