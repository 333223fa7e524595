using VmafRoi.Saliency.Previews;
using VmafRoi.Yuv.Tools;

namespace VmafRoi.Saliency.Tests.Previews;

public sealed class PngWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vmafroi-png-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Crc32_matches_the_png_specification_check_values()
    {
        Assert.Equal(0xCBF43926u, PngWriter.Crc32("123456789"u8));
        Assert.Equal(0xAE426082u, PngWriter.Crc32("IEND"u8));
    }

    [Theory]
    [InlineData(true, 37, 23)]
    [InlineData(false, 16, 9)]
    public void Ffmpeg_decodes_our_png_back_to_the_same_pixels(bool rgb, int width, int height)
    {
        var random = new Random(5);
        byte[] pixels = new byte[width * height * (rgb ? 3 : 1)];
        random.NextBytes(pixels);
        string path = Path.Combine(_dir, "image.png");
        string raw = Path.Combine(_dir, "image.raw");

        PngWriter.Write(path, width, height, pixels, rgb);
        ProcessResult result = ExternalTool.Run(Ffmpeg.FfmpegPath(), ["-v", "error", "-nostdin", "-i", path, "-f", "rawvideo", "-pix_fmt", rgb ? "rgb24" : "gray", raw]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(pixels, File.ReadAllBytes(raw));
    }

    [Fact]
    public void Heatmap_ramp_runs_from_dark_to_bright()
    {
        (byte r0, byte g0, byte b0) = Heatmap.Color(0f);
        (byte r1, byte g1, byte b1) = Heatmap.Color(1f);

        Assert.True(r0 + g0 + b0 < 10);
        Assert.True(r1 + g1 + b1 > 600);
        Assert.Equal(Heatmap.Color(1f), Heatmap.Color(3f));
        Assert.Equal(Heatmap.Color(0f), Heatmap.Color(float.NaN));
    }
}
