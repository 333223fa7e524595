using VmafRoi.Roi;
using VmafRoi.Yuv;

namespace VmafRoi.Roi.Tests;

/// <summary>The masked clip RoiScorer writes, read back from the file: seed-contracts §1's synthetic halfway blend.</summary>
public sealed class MaskedClipTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vmafroi-masked-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("yuv420p", 40, 80, 60)] // the seed's pinned numbers
    [InlineData("yuv422p10le", 64, 940, 502)]
    [InlineData("yuv444p10le", 100, 301, 200)] // 200.5 rounds half to even
    [InlineData("yuv420p12le", 1, 2, 2)] // 1.5 rounds half to even
    [InlineData("yuv420p16le", 65534, 65535, 65534)]
    public void Synthetic_half_mask_with_threshold_0_and_fade_1_writes_the_halfway_value_in_every_plane(string pixFmt, int referenceValue, int distortedValue, int expected)
    {
        FrameGeometry g = YuvFormat.Parse(pixFmt).WithSize(5, 3);
        string reference = WriteConstantClip("ref.yuv", g, referenceValue, frames: 3);
        string distorted = WriteConstantClip("dis.yuv", g, distortedValue, frames: 3);
        string masked = Path.Combine(_dir, "masked.yuv");

        using (FrameSource r = FrameReader.Open(reference, g))
        using (FrameSource d = FrameReader.Open(distorted, g))
        using (var masks = new SyntheticMask(0.5f))
        using (FrameWriter writer = FrameWriter.CreateRaw(masked, g))
        {
            Assert.Equal(3, MaskedClip.Write(r, d, masks, threshold: 0f, fade: 1f, writer));
            writer.Complete();
        }

        using FrameSource written = FrameReader.Open(masked, g);
        Assert.Equal(3, written.FrameCount);
        while (written.ReadNext() is { } frame)
        {
            using (frame)
            {
                for (int plane = 0; plane < g.PlaneCount; plane++)
                {
                    int[] samples = g.Format.BytesPerSample == 1 ? [.. frame.Plane8(plane).ToArray().Select(b => (int)b)] : [.. frame.Plane16(plane).ToArray().Select(s => (int)s)];
                    Assert.All(samples, s => Assert.Equal(expected, s));
                }
            }
        }
    }

    private string WriteConstantClip(string name, FrameGeometry g, int value, int frames)
    {
        string path = Path.Combine(_dir, name);
        using var frame = new YuvFrame(g);
        for (int plane = 0; plane < g.PlaneCount; plane++)
        {
            if (g.Format.BytesPerSample == 1)
            {
                frame.Plane8(plane).Fill((byte)value);
            }
            else
            {
                frame.Plane16(plane).Fill((ushort)value);
            }
        }

        using FrameWriter writer = FrameWriter.CreateRaw(path, g);
        for (int i = 0; i < frames; i++)
        {
            writer.Write(frame);
        }

        writer.Complete();
        return path;
    }
}
