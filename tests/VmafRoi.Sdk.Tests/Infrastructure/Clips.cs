using VmafRoi.Yuv;

namespace VmafRoi.Sdk.Tests.Infrastructure;

/// <summary>Small real clips for in-process task tests: Y4M and raw, written with the repository's own writer.</summary>
public static class Clips
{
    public static readonly FrameGeometry Small = new(64, 36, YuvFormat.Yuv420P);

    /// <summary>A Y4M clip of moving gradients; <paramref name="noise"/> adds seeded noise (a "distorted" copy).</summary>
    public static string Y4m(string path, int frames = 4, int noise = 0, int seed = 1) => Write(path, frames, noise, seed, y4m: true);

    /// <summary>The same content as raw planar YUV (needs Width/Height metadata).</summary>
    public static string Raw(string path, int frames = 4, int noise = 0, int seed = 1) => Write(path, frames, noise, seed, y4m: false);

    private static string Write(string path, int frames, int noise, int seed, bool y4m)
    {
        var random = new Random(seed);
        using FrameWriter writer = y4m ? FrameWriter.CreateY4m(path, Small) : FrameWriter.CreateRaw(path, Small);
        using var frame = new YuvFrame(Small);
        for (int f = 0; f < frames; f++)
        {
            Span<byte> luma = frame.Plane8(0);
            for (int y = 0; y < Small.Height; y++)
            {
                for (int x = 0; x < Small.Width; x++)
                {
                    int value = 16 + (((x * 3) + (y * 2) + (f * 5)) % 200);
                    value += noise == 0 ? 0 : random.Next(-noise, noise + 1);
                    luma[(y * Small.Width) + x] = (byte)Math.Clamp(value, 0, 255);
                }
            }

            frame.Plane8(1).Fill(128);
            frame.Plane8(2).Fill(128);
            frame.Index = f;
            writer.Write(frame);
        }

        writer.Complete();
        return path;
    }
}
