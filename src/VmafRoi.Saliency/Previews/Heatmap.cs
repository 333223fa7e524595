using VmafRoi.Yuv;

namespace VmafRoi.Saliency.Previews;

/// <summary>Renders a saliency mask over its frame: the frame's luma in gray, tinted by a dark-to-bright colour ramp.</summary>
public static class Heatmap
{
    // Colour stops of a perceptually ordered ramp (black → purple → red → orange → pale yellow), value in [0, 1].
    private static readonly (float At, byte R, byte G, byte B)[] Stops =
    [
        (0.00f, 0, 0, 4),
        (0.25f, 87, 16, 110),
        (0.50f, 188, 55, 84),
        (0.75f, 249, 142, 9),
        (1.00f, 252, 255, 164),
    ];

    /// <summary>The ramp's colour for a mask value (clamped to [0, 1]).</summary>
    public static (byte R, byte G, byte B) Color(float value)
    {
        float v = float.IsNaN(value) ? 0 : Math.Clamp(value, 0f, 1f);
        for (int i = 1; i < Stops.Length; i++)
        {
            if (v <= Stops[i].At)
            {
                (float a, byte r0, byte g0, byte b0) = Stops[i - 1];
                (float b, byte r1, byte g1, byte b1) = Stops[i];
                float t = (v - a) / (b - a);
                return (Lerp(r0, r1, t), Lerp(g0, g1, t), Lerp(b0, b1, t));
            }
        }

        return (Stops[^1].R, Stops[^1].G, Stops[^1].B);
    }

    /// <summary>RGB pixels (width × height × 3) of the mask alone.</summary>
    public static byte[] RenderMask(ReadOnlySpan<float> mask, int width, int height)
    {
        byte[] rgb = new byte[width * height * 3];
        for (int i = 0; i < width * height; i++)
        {
            (rgb[3 * i], rgb[(3 * i) + 1], rgb[(3 * i) + 2]) = Color(mask[i]);
        }

        return rgb;
    }

    /// <summary>RGB pixels of the mask blended half and half with the frame's luma, so the content stays recognisable.</summary>
    public static byte[] RenderOverlay(YuvFrame frame, ReadOnlySpan<float> mask)
    {
        FrameGeometry g = frame.Geometry;
        int shift = g.Format.BitDepth - 8;
        byte[] rgb = new byte[g.Width * g.Height * 3];
        for (int i = 0; i < g.Luma.Samples; i++)
        {
            int y = g.Format.BytesPerSample == 1 ? frame.Plane8(0)[i] : Math.Min(frame.Plane16(0)[i] >> shift, 255);
            (byte r, byte gr, byte b) = Color(mask[i]);
            rgb[3 * i] = (byte)((y + r + 1) / 2);
            rgb[(3 * i) + 1] = (byte)((y + gr + 1) / 2);
            rgb[(3 * i) + 2] = (byte)((y + b + 1) / 2);
        }

        return rgb;
    }

    private static byte Lerp(byte from, byte to, float t) => (byte)MathF.Round(from + ((to - from) * t));
}
