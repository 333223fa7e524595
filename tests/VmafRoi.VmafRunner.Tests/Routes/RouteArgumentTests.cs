using VmafRoi.Contracts;
using VmafRoi.VmafRunner.Routes;
using VmafRoi.Yuv;

namespace VmafRoi.VmafRunner.Tests.Routes;

public sealed class RouteArgumentTests
{
    private static readonly VmafRequest Request = new()
    {
        Reference = VmafInput.Raw("ref.yuv", YuvFormat.Parse("yuv420p").WithSize(1920, 1080)),
        Distorted = VmafInput.Raw("dis.yuv", YuvFormat.Parse("yuv420p").WithSize(1920, 1080)),
    };

    [Fact]
    public void Libvmaf_argv_is_the_seed_argv_for_raw_input()
    {
        IReadOnlyList<string> args = LibvmafCliRoute.BuildArguments("r.yuv", "d.yuv", YuvFormat.Parse("yuv420p").WithSize(1920, 1080), Request, "/tmp/x/vmaf.json");

        Assert.Equal(
            ["--reference", "r.yuv", "--distorted", "d.yuv", "--width", "1920", "--height", "1080", "--pixel_format", "420", "--bitdepth", "8", "--model", "version=vmaf_v0.6.1", "--json", "--output", "/tmp/x/vmaf.json"],
            args);
    }

    [Fact]
    public void Yuv420p16le_maps_to_pixel_format_420_and_bitdepth_16()
    {
        IReadOnlyList<string> args = LibvmafCliRoute.BuildArguments("r", "d", YuvFormat.Parse("yuv420p16le").WithSize(64, 64), Request, "o");

        Assert.Equal(["--pixel_format", "420", "--bitdepth", "16"], args.Skip(8).Take(4));
    }

    [Fact]
    public void Libvmaf_argv_carries_run_options_and_model_paths()
    {
        VmafRequest request = Request with { Model = ModelSpec.Parse("/models/my model.json"), Threads = 2, FrameCount = 10, SkipReferenceFrames = 1, SkipDistortedFrames = 2, Subsample = 3 };

        IReadOnlyList<string> args = LibvmafCliRoute.BuildArguments("r.y4m", "d.y4m", null, request, "o.json");

        Assert.Equal(
            ["--reference", "r.y4m", "--distorted", "d.y4m", "--model", "path=/models/my model.json", "--threads", "2", "--frame_cnt", "10", "--frame_skip_ref", "1", "--frame_skip_dist", "2", "--subsample", "3", "--json", "--output", "o.json"],
            args);
    }

    [Fact]
    public void Ffmpeg_argv_puts_the_distorted_clip_first_and_escapes_filter_values()
    {
        FrameGeometry g = YuvFormat.Parse("yuv422p10le").WithSize(640, 360);
        var reference = new RouteInputs.PreparedInput("ref.yuv", g, InputKind.Raw);
        var distorted = new RouteInputs.PreparedInput("dis.mkv", g, InputKind.Container);
        VmafRequest request = Request with { Model = ModelSpec.Parse("path=/m:odels/v.json"), Threads = 2, SkipReferenceFrames = 1 };

        IReadOnlyList<string> args = FfmpegLibvmafRoute.BuildArguments(reference, distorted, request, "/tmp/log.json");

        Assert.Equal(
            [
                "-hide_banner", "-nostdin", "-v", "error",
                "-i", "dis.mkv",
                "-f", "rawvideo", "-pix_fmt", "yuv422p10le", "-video_size", "640x360", "-framerate", "25", "-i", "ref.yuv",
                "-lavfi", @"[0:v]null[dis];[1:v]trim=start_frame=1,setpts=PTS-STARTPTS[ref];[dis][ref]libvmaf=model=path=/m\\:odels/v.json:log_fmt=json:log_path=/tmp/log.json:n_threads=2",
                "-f", "null", "-",
            ],
            args);
    }

    [Theory]
    [InlineData("vmaf_v0.6.1", "version=vmaf_v0.6.1", "vmaf_v0.6.1")]
    [InlineData("version=vmaf_4k_v0.6.1", "version=vmaf_4k_v0.6.1", "vmaf_4k_v0.6.1")]
    [InlineData("path=/x/m.json", "path=/x/m.json", "m")]
    [InlineData("models/custom.json", "path=models/custom.json", "custom")]
    public void Model_text_maps_to_libvmaf_model_argument(string text, string argument, string display)
    {
        ModelSpec spec = ModelSpec.Parse(text);

        Assert.Equal(argument, spec.ToLibvmafArgument());
        Assert.Equal(display, spec.DisplayName);
        Assert.Equal(text, spec.Text);
    }

    [Fact]
    public void Libvmaf_json_pooled_mean_is_the_score()
    {
        VmafResult result = LibvmafJsonReader.Parse(
            """{"version":"3.0.0","frames":[{"frameNum":0,"metrics":{"integer_adm2":0.9,"vmaf":83.5}}],"pooled_metrics":{"vmaf":{"min":83.5,"max":83.5,"mean":83.5,"harmonic_mean":83.5}}}""",
            "libvmaf");

        Assert.Equal(83.5, result.PooledVmaf());
        Assert.Equal(["integer_adm2", "vmaf"], result.Frames[0].Metrics.Keys);
        Assert.Equal("3.0.0", result.Version);
    }

    [Fact]
    public void Libvmaf_json_falls_back_to_the_top_level_vmaf_score()
    {
        Assert.Equal(71.25, LibvmafJsonReader.Parse("""{"VMAF score": 71.25}""", "libvmaf").PooledVmaf());
    }

    [Theory]
    [InlineData("""{"frames": []}""")]
    [InlineData("""{"pooled_metrics": {"vmaf": {"mean": null}}}""")]
    [InlineData("not json")]
    public void Libvmaf_json_without_a_finite_pooled_score_is_an_invalid_score(string json)
    {
        Assert.Throws<InvalidScoreException>(() => LibvmafJsonReader.Parse(json, "libvmaf", source: "x.json").PooledVmaf());
    }
}
