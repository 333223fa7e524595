using VmafRoi.Yuv;

namespace VmafRoi.Roi.Tests;

/// <summary>Clips derived from a golden reference: a per-frame luma edit written as raw YUV (8-bit 4:2:0 here).</summary>
internal static class TestClips
{
    /// <summary>Writes <paramref name="frames"/> frames of <paramref name="source"/> with <paramref name="edit"/>(frame index, luma, width, height) applied.</summary>
    public static string Derive(string source, FrameGeometry geometry, string path, int frames, Action<int, Span<byte>, int, int>? edit)
    {
        using FrameSource input = FrameReader.Open(source, geometry);
        using FrameWriter writer = FrameWriter.CreateRaw(path, geometry);
        for (int i = 0; i < frames; i++)
        {
            using YuvFrame frame = input.ReadNext() ?? throw new InvalidOperationException($"{source} has fewer than {frames} frames");
            edit?.Invoke(i, frame.Plane8(0), geometry.Width, geometry.Height);
            writer.Write(frame);
        }

        writer.Complete();
        return path;
    }

    /// <summary>Adds deterministic noise of ±<paramref name="amplitude"/> to the pixels inside <paramref name="inside"/>.</summary>
    public static void Noise(Span<byte> luma, int width, int height, int seed, int amplitude, Func<int, int, bool> inside)
    {
        var random = new Random(seed);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int n = random.Next(-amplitude, amplitude + 1);
                if (inside(x, y))
                {
                    luma[(y * width) + x] = (byte)Math.Clamp(luma[(y * width) + x] + n, 0, 255);
                }
            }
        }
    }
}

/// <summary>A mask of 1 inside a box and 0 outside (or a soft edge of <paramref name="soft"/> pixels), per frame.</summary>
internal sealed class BoxMask(Func<int, (int X0, int Y0, int X1, int Y1)> box, int soft = 0) : IMaskProvider
{
    public string Name => "box";

    public void MaskFor(YuvFrame reference, Span<float> mask)
    {
        (int x0, int y0, int x1, int y1) = box(reference.Index);
        int w = reference.Geometry.Width, h = reference.Geometry.Height;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int dx = Math.Max(Math.Max(x0 - x, x - (x1 - 1)), 0);
                int dy = Math.Max(Math.Max(y0 - y, y - (y1 - 1)), 0);
                float d = MathF.Sqrt((dx * dx) + (dy * dy));
                mask[(y * w) + x] = soft == 0 ? (d == 0 ? 1f : 0f) : Math.Clamp(1f - (d / soft), 0f, 1f);
            }
        }

        // As a sidecar would store it: 8-bit quantised.
        for (int p = 0; p < mask.Length; p++)
        {
            mask[p] = MathF.Round(mask[p] * 255f) / 255f;
        }
    }

    public void Dispose()
    {
    }
}
