using VmafRoi.Contracts;
using VmafRoi.Saliency.Sidecars;
using VmafRoi.TestShared;
using VmafRoi.Tools.Roi;
using VmafRoi.Yuv;

namespace VmafRoi.Cli.Tests;

/// <summary>
/// vmaf-roi saliency on a Y4M input (written with our own writer) against the raw file of the same frames: every output
/// is written, and the masks are the same whichever container carried the frames.
/// </summary>
public sealed class RoiSaliencyY4mInputTests : IDisposable
{
    private const int Width = 96;
    private const int Height = 64;
    private const int Frames = 3;
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("yuv420p")]
    [InlineData("yuv420p10le")]
    public void A_y4m_input_writes_sidecar_previews_and_mask_video_with_the_masks_of_the_same_raw_frames(string pixFmt)
    {
        FrameGeometry geometry = YuvFormat.Parse(pixFmt).WithSize(Width, Height);
        (string raw, string y4m) = WriteClip(geometry);
        string[] rawArgs = ["--input", raw, "--width", $"{Width}", "--height", $"{Height}", "--pix-fmt", pixFmt];

        Outputs fromY4m = RunSaliency("y4m", ["--input", y4m]);
        Outputs fromRaw = RunSaliency("raw", rawArgs);

        // Sidecar: our geometry, every frame, made from the Y4M file's own bytes.
        SidecarHeader header = SaliencySidecarReader.ReadHeader(fromY4m.Sidecar);
        Assert.Equal((Width, Height, pixFmt, "vmafroi_v2"), (header.Width, header.Height, header.PixFmt, header.ModelId));
        Assert.Equal(ContentHash.Sha256OfFile(y4m), header.ReferenceSha256);
        float[][] y4mMasks = SidecarMasks(fromY4m.Sidecar);
        Assert.Equal(Frames, y4mMasks.Length);
        Assert.All(y4mMasks, m => Assert.True(m.Max() - m.Min() > 0.2f, "the mask should not be flat on a frame with a bright object"));

        // Previews: one overlay per sampled frame and the aggregate, real PNG files.
        string[] expectedPngs = ["aggregate_mean.png", "frame_000000.png", "frame_000001.png", "frame_000002.png"];
        Assert.Equal(expectedPngs, Directory.GetFiles(fromY4m.Previews).Select(Path.GetFileName).Order());
        foreach (string png in expectedPngs)
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(fromY4m.Previews, png));
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], bytes[..8]);
            Assert.Equal(File.ReadAllBytes(Path.Combine(fromRaw.Previews, png)), bytes);
        }

        // Mask video: a gray Y4M of every frame.
        byte[][] y4mVideo = MaskVideo(fromY4m.Masks);
        Assert.Equal(Frames, y4mVideo.Length);

        // The same frames give the same masks from either container: sidecar samples, mask video and header settings.
        SidecarHeader rawHeader = SaliencySidecarReader.ReadHeader(fromRaw.Sidecar);
        Assert.Equal(rawHeader with { ReferenceSha256 = header.ReferenceSha256 }, header);
        float[][] rawMasks = SidecarMasks(fromRaw.Sidecar);
        for (int f = 0; f < Frames; f++)
        {
            Assert.Equal(rawMasks[f], y4mMasks[f]);
        }

        Assert.Equal(MaskVideo(fromRaw.Masks), y4mVideo);
        Assert.Equal(fromRaw.Stdout.Split('\n')[^2], fromY4m.Stdout.Split('\n')[^2]);
    }

    private Outputs RunSaliency(string name, string[] input)
    {
        string sidecar = _temp.File($"{name}.msgpack");
        string previews = _temp.File($"{name}-previews");
        string masks = _temp.File($"{name}-masks.y4m");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = RoiCommand.Run(["saliency", .. input, "--sidecar", sidecar, "--previews", previews, "--frame-samples", $"{Frames}", "--masks-out", masks], stdout, stderr);

        Assert.True(code == ExitCodes.Success, $"{name}: exit {code}: {stderr}");
        Assert.Contains($"sidecar: {sidecar} (created, {Frames} frames, model vmafroi_v2)", stdout.ToString());
        SaliencySidecarReader.VerifyFile(sidecar);
        return new Outputs(sidecar, previews, masks, stdout.ToString());
    }

    private static float[][] SidecarMasks(string sidecar)
    {
        using SaliencySidecarReader reader = SaliencySidecarReader.Open(sidecar);
        var masks = new List<float[]>();
        float[] mask = new float[reader.MaskLength];
        while (reader.TryReadNext(mask, out int index))
        {
            Assert.Equal(masks.Count, index);
            masks.Add([.. mask]);
        }

        return [.. masks];
    }

    private static byte[][] MaskVideo(string path)
    {
        using FrameSource video = FrameReader.Open(path);
        Assert.Equal(("gray", Width, Height), (video.Geometry.Format.Name, video.Geometry.Width, video.Geometry.Height));
        var frames = new List<byte[]>();
        while (video.ReadNext() is { } frame)
        {
            using (frame)
            {
                frames.Add(frame.Data.ToArray());
            }
        }

        return [.. frames];
    }

    // The same frames twice, raw and Y4M: a textured grey background with a bright reddish disc that moves per frame.
    private (string Raw, string Y4m) WriteClip(FrameGeometry geometry)
    {
        string raw = _temp.File("clip.yuv");
        string y4m = _temp.File("clip.y4m");
        using FrameWriter rawWriter = FrameWriter.CreateRaw(raw, geometry);
        using FrameWriter y4mWriter = FrameWriter.CreateY4m(y4m, geometry);
        using var frame = new YuvFrame(geometry);
        int shift = geometry.Format.BitDepth - 8;
        for (int f = 0; f < Frames; f++)
        {
            double cx = (0.3 + (0.2 * f)) * Width;
            double cy = 0.5 * Height;
            for (int plane = 0; plane < 3; plane++)
            {
                int w = plane == 0 ? Width : Width / 2;
                int h = plane == 0 ? Height : Height / 2;
                int scale = plane == 0 ? 1 : 2;
                for (int y = 0; y < h; y++)
                {
                    for (int x = 0; x < w; x++)
                    {
                        double dx = ((x + 0.5) * scale) - cx;
                        double dy = ((y + 0.5) * scale) - cy;
                        bool inside = (dx * dx) + (dy * dy) < 12 * 12;
                        int value = plane switch
                        {
                            0 => inside ? 200 : 70 + (((x * 5) + (y * 3) + (f * 7)) % 30),
                            1 => inside ? 100 : 128,
                            _ => inside ? 190 : 128,
                        };
                        Set(frame, plane, (y * w) + x, value << shift);
                    }
                }
            }

            rawWriter.Write(frame);
            y4mWriter.Write(frame);
        }

        rawWriter.Complete();
        y4mWriter.Complete();
        return (raw, y4m);
    }

    private static void Set(YuvFrame frame, int plane, int index, int value)
    {
        if (frame.Geometry.Format.BytesPerSample == 1)
        {
            frame.Plane8(plane)[index] = (byte)value;
        }
        else
        {
            frame.Plane16(plane)[index] = (ushort)value;
        }
    }

    private sealed record Outputs(string Sidecar, string Previews, string Masks, string Stdout);
}
