using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Routes;
using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Tests.Routes;

/// <summary>libvmaf takes 8, 10, 12 or 16 bits; the external routes refuse any other depth before starting a tool.</summary>
public sealed class BitDepthTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vmafroi-depth-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("yuv420p9le", "yuv420p10le")]
    [InlineData("yuv422p11le", "yuv422p12le")]
    [InlineData("yuv444p13le", "yuv444p16le")]
    [InlineData("yuv420p14le", "yuv420p16le")]
    [InlineData("gray15le", "gray16le")]
    public void A_depth_libvmaf_does_not_take_is_a_format_error_naming_the_file_and_a_conversion(string pixFmt, string target)
    {
        YuvFormat format = YuvFormat.Parse(pixFmt);

        var error = Assert.Throws<UnsupportedFormatException>(() => LibvmafFormats.Check(format, "clip.yuv"));

        Assert.Equal($"'clip.yuv' is {format.BitDepth}-bit ({pixFmt}); libvmaf scores only 8, 10, 12 or 16 bits per sample: convert it first (e.g. ffmpeg -pix_fmt {target})", error.Message);
        Assert.Equal(ExitCodes.MaskFailed, ExitCodeMapper.From(error));
    }

    [Theory]
    [InlineData("yuv420p")]
    [InlineData("yuv422p10le")]
    [InlineData("yuv444p12le")]
    [InlineData("yuv420p16le")]
    [InlineData("gray")]
    public void The_depths_libvmaf_takes_pass(string pixFmt)
    {
        LibvmafFormats.Check(YuvFormat.Parse(pixFmt), "clip.yuv");
    }

    [Fact]
    public void The_libvmaf_cli_route_refuses_9_bit_input_before_looking_for_the_tool()
    {
        VmafRequest request = NineBitRequest();
        var route = new LibvmafCliRoute(Path.Combine(_dir, "no-such-vmaf"));

        var error = Assert.Throws<UnsupportedFormatException>(() => route.Score(request));

        Assert.StartsWith($"'{request.Reference.Path}' is 9-bit (yuv420p9le); libvmaf scores only 8, 10, 12 or 16", error.Message);
    }

    [Fact]
    public void The_ffmpeg_route_refuses_9_bit_input_before_running_ffmpeg()
    {
        // The real ffmpeg has no libvmaf filter: had it been started, the run would fail with its exit code instead.
        VmafRequest request = NineBitRequest();
        var route = new FfmpegLibvmafRoute(RouteSelectionTests.FfmpegWithoutLibvmaf());

        var error = Assert.Throws<UnsupportedFormatException>(() => route.Score(request));

        Assert.StartsWith($"'{request.Reference.Path}' is 9-bit (yuv420p9le)", error.Message);
    }

    private VmafRequest NineBitRequest()
    {
        FrameGeometry g = YuvFormat.Parse("yuv420p9le").WithSize(64, 48);
        string reference = Path.Combine(_dir, "ref.yuv");
        string distorted = Path.Combine(_dir, "dis.yuv");
        File.WriteAllBytes(reference, new byte[g.FrameBytes * 2]);
        File.WriteAllBytes(distorted, new byte[g.FrameBytes * 2]);
        return new VmafRequest { Reference = VmafInput.Raw(reference, g), Distorted = VmafInput.Raw(distorted, g) };
    }
}
