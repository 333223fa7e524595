using System.Globalization;
using VmafRoi.EncoderAdapters.Planning;

namespace VmafRoi.EncoderAdapters.Formats;

/// <summary>
/// ffmpeg filter scripts (<c>-filter_script:v FILE</c>) of <c>addroi</c> chains. One map is one chain, most specific
/// rectangle first (the first region covering a block wins), catch-all last. <c>addroi</c> has no timeline and no
/// runtime commands, so maps that change over time are one branch per segment: <c>split</c>, <c>trim</c> by frame
/// number, the segment's chain, then <c>concat</c> and fresh timestamps from the frame count (concat gives a one-frame
/// branch no duration, and the encoder's frame-rate sync would drop the frames that then collide).
/// </summary>
public static class AddroiScript
{
    /// <summary>One <c>addroi</c> filter; <paramref name="qoffset"/> formats a QP offset as the encoder's rational.</summary>
    public static string Filter(RoiRegion region, Func<int, string> qoffset) => string.Create(
        CultureInfo.InvariantCulture,
        $"addroi=x={region.X}:y={region.Y}:w={region.Width}:h={region.Height}:qoffset={qoffset(region.QpOffset)}");

    /// <summary>The chain of one map, or null when it has no rectangles.</summary>
    public static string? Chain(IReadOnlyList<RoiRegion> regions, Func<int, string> qoffset) =>
        regions.Count == 0 ? null : string.Join(',', regions.Select(r => Filter(r, qoffset)));

    /// <summary>Writes the script of <paramref name="segments"/> (each a frame range and its rectangles) to <paramref name="writer"/>.</summary>
    public static void Write(TextWriter writer, IReadOnlyList<(int Start, int End, IReadOnlyList<RoiRegion> Regions)> segments, Func<int, string> qoffset)
    {
        ArgumentOutOfRangeException.ThrowIfZero(segments.Count);
        if (segments.Count == 1)
        {
            writer.Write(Chain(segments[0].Regions, qoffset) ?? "null");
            writer.Write('\n');
            return;
        }

        writer.Write(string.Create(CultureInfo.InvariantCulture, $"split={segments.Count}"));
        for (int i = 0; i < segments.Count; i++)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"[in{i}]"));
        }

        writer.Write(";\n");
        for (int i = 0; i < segments.Count; i++)
        {
            (int start, int end, IReadOnlyList<RoiRegion> regions) = segments[i];
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"[in{i}]trim=start_frame={start}:end_frame={end},setpts=PTS-STARTPTS"));
            if (Chain(regions, qoffset) is { } chain)
            {
                writer.Write(',');
                writer.Write(chain);
            }

            writer.Write(string.Create(CultureInfo.InvariantCulture, $"[out{i}];\n"));
        }

        for (int i = 0; i < segments.Count; i++)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"[out{i}]"));
        }

        writer.Write(string.Create(CultureInfo.InvariantCulture, $"concat=n={segments.Count}:v=1:a=0,setpts=N/FRAME_RATE/TB\n"));
    }

    /// <summary>The script of a whole plan.</summary>
    public static void Write(TextWriter writer, RoiPlan plan, Func<int, string> qoffset) =>
        Write(writer, [.. plan.Segments.Select(s => (s.Start, s.End, s.Regions))], qoffset);

    /// <summary>
    /// x264/x265 take <c>qoffset · (51 + 6·(bitDepth − 8))</c> (x264) or <c>qoffset · 51</c> (x265) as a float QP delta,
    /// so writing the delta over that denominator gives it exactly.
    /// </summary>
    public static string QpFraction(int qp, int denominator) => string.Create(CultureInfo.InvariantCulture, $"{qp}/{denominator}");

    /// <summary>
    /// libvpx takes <c>(int)(qoffset · 63)</c> in VP9's 0..63 q scale. A QP delta on the 0..51 scale maps to
    /// <c>round(qp · 63/51)</c>, written a hair beyond the whole number so the truncation cannot land one short.
    /// </summary>
    public static string Vp9Fraction(int qp)
    {
        int q = Vp9Delta(qp);
        long numerator = (q * 1000L) + Math.Sign(q);
        return string.Create(CultureInfo.InvariantCulture, $"{numerator}/63000");
    }

    /// <summary>The VP9 q delta (0..63 scale) of a QP delta on the 0..51 scale.</summary>
    public static int Vp9Delta(int qp) => Math.Clamp((int)Math.Round(qp * 63.0 / 51.0, MidpointRounding.AwayFromZero), -63, 63);
}
