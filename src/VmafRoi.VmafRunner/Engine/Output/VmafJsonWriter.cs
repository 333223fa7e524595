using System.Globalization;
using System.Text;
using VmafRoi.VmafRunner.Engine.Features;

namespace VmafRoi.VmafRunner.Engine.Output;

/// <summary>Which libvmaf release's <c>--json</c> text to reproduce.</summary>
public enum VmafJsonFlavor
{
    /// <summary>libvmaf 3.0.0: every value <c>%.6f</c>, version "3.0.0".</summary>
    V3_0_0,

    /// <summary>libvmaf 3.2.0: as 3.0.0, but a value whose fractional part is below 1e-6 (and not 0) is printed with 16 decimals.</summary>
    V3_2_0,
}

/// <summary>Writes libvmaf's <c>--json</c> output byte for byte (spec §7.3); only <c>fps</c> differs from a libvmaf run.</summary>
public static class VmafJsonWriter
{
    /// <summary>The JSON text of <paramref name="scores"/>.</summary>
    /// <param name="scores">The run.</param>
    /// <param name="flavor">Which release's formatting.</param>
    /// <param name="fps">The <c>fps</c> value to print; null prints the run's own.</param>
    public static string ToJson(VmafScores scores, VmafJsonFlavor flavor = VmafJsonFlavor.V3_0_0, double? fps = null)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        Write(writer, scores, flavor, fps);
        return writer.ToString();
    }

    /// <summary>Writes the JSON text to <paramref name="output"/>.</summary>
    public static void Write(TextWriter output, VmafScores scores, VmafJsonFlavor flavor = VmafJsonFlavor.V3_0_0, double? fps = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(scores);
        var o = new StringBuilder();
        double rate = fps ?? scores.Fps;
        o.Append("{\n");
        o.Append("  \"version\": \"").Append(flavor == VmafJsonFlavor.V3_2_0 ? "3.2.0" : "3.0.0").Append("\",\n");
        o.Append("  \"fps\": ").Append(double.IsFinite(rate) ? CFormat.F2(rate) : "null").Append(",\n");

        IReadOnlyList<FeatureVector> vectors = scores.Features.Vectors;
        o.Append("  \"frames\": [");
        foreach (int i in scores.ReportedFrames())
        {
            o.Append(i > 0 ? ",\n" : "\n");
            o.Append("    {\n");
            o.Append("      \"frameNum\": ").Append(i.ToString(CultureInfo.InvariantCulture)).Append(",\n");
            o.Append("      \"metrics\": {\n");
            int count = vectors.Count(v => v.IsWritten(i));
            int written = 0;
            foreach (FeatureVector v in vectors)
            {
                if (!v.TryGet(i, out double value))
                {
                    continue;
                }

                written++;
                string comma = written < count ? "," : string.Empty;
                o.Append("        \"").Append(FeatureNaming.Alias(v.Name)).Append("\": ");
                if (double.IsFinite(value))
                {
                    o.Append(Number(value, flavor)).Append(comma).Append('\n');
                }
                else
                {
                    // libvmaf writes a null metric without its line break.
                    o.Append("null").Append(comma);
                }
            }

            o.Append("      }\n");
            o.Append("    }");
        }

        o.Append("\n  ],\n");
        o.Append("  \"pooled_metrics\": {");
        for (int j = 0; j < vectors.Count; j++)
        {
            o.Append(j > 0 ? ",\n" : "\n");
            o.Append("    \"").Append(FeatureNaming.Alias(vectors[j].Name)).Append("\": {");
            if (Pooling.Pool(vectors[j], scores.FrameCount, scores.Subsample) is { } p)
            {
                Method(o, "min", p.Min, first: true, flavor);
                Method(o, "max", p.Max, first: false, flavor);
                Method(o, "mean", p.Mean, first: false, flavor);
                Method(o, "harmonic_mean", p.HarmonicMean, first: false, flavor);
            }

            o.Append('\n');
            o.Append("    }");
        }

        o.Append("\n  },\n");
        o.Append("  \"aggregate_metrics\": {");
        IReadOnlyList<KeyValuePair<string, double>> aggregates = scores.Features.Aggregates;
        for (int a = 0; a < aggregates.Count; a++)
        {
            // libvmaf prints the raw names here, not the aliases.
            o.Append(a > 0 ? "," : string.Empty).Append("\n    \"").Append(aggregates[a].Key).Append("\": ")
                .Append(double.IsFinite(aggregates[a].Value) ? Number(aggregates[a].Value, flavor) : "null");
        }

        o.Append("\n  }\n");
        o.Append("}\n");
        output.Write(o.ToString());
    }

    /// <summary>A score as the flavor prints it.</summary>
    public static string Number(double value, VmafJsonFlavor flavor)
    {
        return flavor == VmafJsonFlavor.V3_2_0 && LeadingFractionZeros(value) > 6
            ? value.ToString("F16", CultureInfo.InvariantCulture)
            : CFormat.F6(value);
    }

    /// <summary>
    /// libvmaf 3.2.0's digit count, literally (spec 09 §1): the fraction after an x86 int32 truncation (out of range →
    /// int.MinValue, so |x| ≥ 2^31 keeps 6 decimals), multiplied by 10 until it reaches 1.
    /// </summary>
    internal static int LeadingFractionZeros(double value)
    {
        double magnitude = Math.Abs(value);
        int truncated = magnitude < 2147483648.0 ? (int)magnitude : int.MinValue;
        double fraction = magnitude - truncated;
        int n = 0;
        while (fraction < 1.0 && fraction != 0)
        {
            fraction *= 10;
            n++;
        }

        return n;
    }

    private static void Method(StringBuilder o, string name, double value, bool first, VmafJsonFlavor flavor)
    {
        o.Append(first ? "\n" : ",\n");
        o.Append("      \"").Append(name).Append("\": ").Append(double.IsFinite(value) ? Number(value, flavor) : "null");
    }
}
