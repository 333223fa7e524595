using VmafRoi.Saliency;
using VmafRoi.Saliency.Previews;
using VmafRoi.Yuv;

namespace VmafRoi.Report;

/// <summary>Small PNG images of frames and masks for the report, as <c>data:</c> URIs.</summary>
internal static class Thumbnails
{
    /// <summary>The longest side of a frame thumbnail.</summary>
    public const int Side = 320;

    /// <summary>A frame as RGB (BT.601/709 per the stream, as the saliency models see it), box-downscaled to the thumbnail size.</summary>
    public static string Frame(YuvFrame frame, YuvToRgbConversion conversion)
    {
        FrameGeometry g = frame.Geometry;
        int plane = g.Width * g.Height;
        float[] planar = new float[3 * plane];
        YuvToRgb.Convert(frame, conversion, RgbNormalization.Unit, planar);
        byte[] rgb = new byte[3 * plane];
        for (int p = 0; p < plane; p++)
        {
            for (int c = 0; c < 3; c++)
            {
                rgb[(3 * p) + c] = (byte)Math.Clamp((int)MathF.Round(planar[(c * plane) + p] * 255f), 0, 255);
            }
        }

        return Png(rgb, g.Width, g.Height, Side);
    }

    /// <summary>The mask over the frame's luma (<see cref="Heatmap.RenderOverlay"/>), downscaled.</summary>
    public static string Heat(YuvFrame frame, ReadOnlySpan<float> mask) =>
        Png(Heatmap.RenderOverlay(frame, mask), frame.Geometry.Width, frame.Geometry.Height, Side);

    /// <summary>A mask alone on the colour ramp, scaled so its longest side is <paramref name="side"/> (up or down).</summary>
    public static string Mask(ReadOnlySpan<float> mask, int width, int height, int side) =>
        Png(Heatmap.RenderMask(mask, width, height), width, height, side);

    /// <summary>Box average down (nearest neighbour up) to fit <paramref name="side"/>, then PNG as a data URI.</summary>
    private static string Png(byte[] rgb, int width, int height, int side)
    {
        double scale = (double)side / Math.Max(width, height);
        int tw = Math.Max(1, (int)Math.Round(width * scale));
        int th = Math.Max(1, (int)Math.Round(height * scale));
        byte[] small = new byte[3 * tw * th];
        for (int y = 0; y < th; y++)
        {
            int y0 = (int)((long)y * height / th), y1 = Math.Max(y0 + 1, (int)((long)(y + 1) * height / th));
            for (int x = 0; x < tw; x++)
            {
                int x0 = (int)((long)x * width / tw), x1 = Math.Max(x0 + 1, (int)((long)(x + 1) * width / tw));
                for (int c = 0; c < 3; c++)
                {
                    int sum = 0;
                    for (int yy = y0; yy < y1; yy++)
                    {
                        for (int xx = x0; xx < x1; xx++)
                        {
                            sum += rgb[(3 * ((yy * width) + xx)) + c];
                        }
                    }

                    int count = (y1 - y0) * (x1 - x0);
                    small[(3 * ((y * tw) + x)) + c] = (byte)((sum + (count / 2)) / count);
                }
            }
        }

        using var stream = new MemoryStream();
        PngWriter.Write(stream, tw, th, small);
        return "data:image/png;base64," + Convert.ToBase64String(stream.ToArray());
    }
}
