using System.Globalization;
using System.Text;
using VmafRoi.VmafRunner.Engine;
using VmafRoi.VmafRunner.Engine.Features;
using VmafRoi.VmafRunner.Engine.Output;

namespace VmafRoi.VmafRunner.Output;

/// <summary>libvmaf's output formats: <c>--xml</c> (its default), <c>--json</c>, <c>--csv</c> and <c>--sub</c>.</summary>
public enum VmafOutputFormat
{
    Xml,
    Json,
    Csv,
    Sub,
}

/// <summary>
/// Writes a run in libvmaf's XML, CSV and subtitle layouts (values <c>%.6f</c>, names aliased as libvmaf writes them).
/// JSON goes through <see cref="VmafJsonWriter"/>, which is verified byte for byte against libvmaf.
/// </summary>
public static class VmafTextWriters
{
    /// <summary>The text of <paramref name="scores"/> in <paramref name="format"/>.</summary>
    public static string Format(VmafScores scores, VmafOutputFormat format, VmafJsonFlavor flavor) => format switch
    {
        VmafOutputFormat.Json => VmafJsonWriter.ToJson(scores, flavor),
        VmafOutputFormat.Csv => Csv(scores, flavor),
        VmafOutputFormat.Sub => Sub(scores, flavor),
        _ => Xml(scores, flavor),
    };

    /// <summary>libvmaf's XML: params, fyi fps, one self-closing frame element per frame, pooled metrics.</summary>
    public static string Xml(VmafScores scores, VmafJsonFlavor flavor)
    {
        var o = new StringBuilder();
        IReadOnlyList<FeatureVector> vectors = scores.Features.Vectors;
        o.Append("<VMAF version=\"").Append(flavor == VmafJsonFlavor.V3_2_0 ? "3.2.0" : "3.0.0").Append("\">\n");
        o.Append(CultureInfo.InvariantCulture, $"  <params qualityWidth=\"{scores.Geometry.Width}\" qualityHeight=\"{scores.Geometry.Height}\" />\n");
        o.Append("  <fyi fps=\"").Append(double.IsFinite(scores.Fps) ? CFormat.F2(scores.Fps) : "nan").Append("\" />\n");
        o.Append("  <frames>\n");
        foreach (int i in scores.ReportedFrames())
        {
            o.Append(CultureInfo.InvariantCulture, $"    <frame frameNum=\"{i}\" ");
            foreach (FeatureVector v in vectors)
            {
                if (v.TryGet(i, out double value))
                {
                    o.Append(FeatureNaming.Alias(v.Name)).Append("=\"").Append(Number(value, flavor)).Append("\" ");
                }
            }

            o.Append("/>\n");
        }

        o.Append("  </frames>\n");
        o.Append("  <pooled_metrics>\n");
        foreach (FeatureVector v in vectors)
        {
            // libvmaf prints the element even when pooling fails, then only the methods that pooled.
            o.Append("    <metric name=\"").Append(FeatureNaming.Alias(v.Name)).Append("\" ");
            if (Pooling.Pool(v, scores.FrameCount, scores.Subsample) is { } p)
            {
                o.Append("min=\"").Append(Number(p.Min, flavor)).Append("\" max=\"").Append(Number(p.Max, flavor))
                    .Append("\" mean=\"").Append(Number(p.Mean, flavor)).Append("\" harmonic_mean=\"").Append(Number(p.HarmonicMean, flavor)).Append("\" ");
            }

            o.Append("/>\n");
        }

        o.Append("  </pooled_metrics>\n");
        o.Append("  <aggregate_metrics ");
        foreach (KeyValuePair<string, double> aggregate in scores.Features.Aggregates)
        {
            o.Append(aggregate.Key).Append("=\"").Append(Number(aggregate.Value, flavor)).Append("\" ");
        }

        o.Append("/>\n");
        o.Append("</VMAF>\n");
        return o.ToString();
    }

    /// <summary>libvmaf's CSV: a <c>Frame,name,…,</c> header, then <c>i,value,…,</c> per frame.</summary>
    public static string Csv(VmafScores scores) => Csv(scores, VmafJsonFlavor.V3_0_0);

    /// <summary>
    /// libvmaf's CSV in a release's number format: a <c>Frame,name,…,</c> header, then <c>i,value,…,</c> per frame, where a
    /// feature without a value at that frame is skipped, not left empty (libvmaf's columns shift).
    /// </summary>
    public static string Csv(VmafScores scores, VmafJsonFlavor flavor)
    {
        var o = new StringBuilder("Frame,");
        IReadOnlyList<FeatureVector> vectors = scores.Features.Vectors;
        foreach (FeatureVector v in vectors)
        {
            o.Append(FeatureNaming.Alias(v.Name)).Append(',');
        }

        o.Append('\n');
        foreach (int i in scores.ReportedFrames())
        {
            o.Append(i.ToString(CultureInfo.InvariantCulture)).Append(',');
            foreach (FeatureVector v in vectors)
            {
                if (v.TryGet(i, out double value))
                {
                    o.Append(Number(value, flavor)).Append(',');
                }
            }

            o.Append('\n');
        }

        return o.ToString();
    }

    /// <summary>libvmaf's MicroDVD subtitles: <c>{i}{i+1}frame: i|name: value|…</c> per frame.</summary>
    public static string Sub(VmafScores scores) => Sub(scores, VmafJsonFlavor.V3_0_0);

    /// <summary>libvmaf's MicroDVD subtitles in a release's number format.</summary>
    public static string Sub(VmafScores scores, VmafJsonFlavor flavor)
    {
        var o = new StringBuilder();
        foreach (int i in scores.ReportedFrames())
        {
            o.Append(CultureInfo.InvariantCulture, $"{{{i}}}{{{i + 1}}}frame: {i}|");
            foreach (FeatureVector v in scores.Features.Vectors)
            {
                if (v.TryGet(i, out double value))
                {
                    o.Append(FeatureNaming.Alias(v.Name)).Append(": ").Append(Number(value, flavor)).Append('|');
                }
            }

            o.Append('\n');
        }

        return o.ToString();
    }

    /// <summary>A value as C's <c>printf</c> gives it in this release's rule (<c>inf</c>, <c>nan</c> for non-finite values).</summary>
    private static string Number(double value, VmafJsonFlavor flavor) =>
        double.IsNaN(value) ? (double.IsNegative(value) ? "-nan" : "nan")
        : double.IsInfinity(value) ? (value > 0 ? "inf" : "-inf")
        : VmafJsonWriter.Number(value, flavor);
}
