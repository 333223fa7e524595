using System.Globalization;
using System.Text.Json;
using VmafRoi.Contracts;
using VmafRoi.TestShared;
using VmafRoi.Tools.RoiScore;
using VmafRoi.VmafRunner.Routes;
using VmafRoi.Yuv;
using VmafRoi.Yuv.Tools;
using static VmafRoi.Cli.Tests.RoiScoreRuns;

namespace VmafRoi.Cli.Tests;

/// <summary>vmaf-roi-score run in-process on Y4M, container and raw inputs, and with each <c>--engine</c> on this machine.</summary>
public sealed class RoiScoreInputTests : IDisposable
{
    private const string Case = "s11_testsrc2_64x48_x264crf32";
    private readonly TempFolder _temp = new();
    private readonly GoldenCase _golden = GoldenCase.Get(Case);
    private readonly string _missingVmaf;

    public RoiScoreInputTests()
    {
        _missingVmaf = _temp.File("no-such-folder/vmaf");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Auto_engine_with_a_vmaf_bin_that_does_not_exist_scores_on_the_managed_engine()
    {
        (int code, string stdout, string stderr) = Run(RawArgs("--synthetic-mask", "1", "--engine", "auto", "--vmaf-bin", _missingVmaf));

        Assert.True(code == ExitCodes.Success, stderr);
        RoiScoreResult result = ContractJson.Deserialize<RoiScoreResult>(stdout);
        Assert.Equal(LibvmafPooledMean(), result.VmafFull.ToString("F6", CultureInfo.InvariantCulture));
        Assert.Equal(result.VmafFull, result.VmafMasked);
    }

    [Fact]
    public void Libvmaf_engine_with_a_vmaf_bin_that_does_not_exist_exits_69_saying_what_to_install()
    {
        (int code, string stdout, string stderr) = Run(RawArgs("--synthetic-mask", "0.5", "--engine", "libvmaf", "--vmaf-bin", _missingVmaf));

        Assert.Equal(ExitCodes.DependencyMissing, code);
        Assert.Empty(stdout);
        Assert.Equal(
            $"vmaf-roi-score: libvmaf's vmaf CLI was not found ('{_missingVmaf}'); install libvmaf's 'vmaf' tool (build it from https://github.com/Netflix/vmaf with meson, or your distribution's 'vmaf' package) and pass --vmaf-bin, or use --engine managed, which needs nothing installed",
            stderr.TrimEnd('\n'));
    }

    [Fact]
    public void Ffmpeg_engine_with_an_ffmpeg_lacking_libvmaf_exits_69_saying_what_to_install()
    {
        string ffmpeg = Ffmpeg.FfmpegPath();
        Assert.False(FfmpegLibvmafRoute.HasLibvmaf(ffmpeg), $"{ffmpeg} has the libvmaf filter; this test needs one without it");

        (int code, string stdout, string stderr) = Run(RawArgs("--synthetic-mask", "0.5", "--engine", "ffmpeg"));

        Assert.Equal(ExitCodes.DependencyMissing, code);
        Assert.Empty(stdout);
        Assert.Equal($"vmaf-roi-score: ffmpeg at '{ffmpeg}' was built without the libvmaf filter; install an ffmpeg built with --enable-libvmaf, or use --engine managed", stderr.TrimEnd('\n'));
    }

    [Fact]
    public void Y4m_inputs_written_by_our_writer_score_like_their_raw_files()
    {
        string reference = WriteY4m(_golden.ReferenceRaw, "ref.y4m");
        string distorted = WriteY4m(_golden.DistortedRaw, "dis.y4m");
        string[] blend = ["--synthetic-mask", "0.5", "--threshold", "0", "--fade", "1", "--engine", "managed"];

        (int code, string stdout, string stderr) = Run(["--reference", reference, "--distorted", distorted, .. blend]);
        (int rawCode, string rawStdout, _) = Run(RawArgs(blend));

        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Equal(ExitCodes.Success, rawCode);
        RoiScoreResult y4m = ContractJson.Deserialize<RoiScoreResult>(stdout);
        RoiScoreResult raw = ContractJson.Deserialize<RoiScoreResult>(rawStdout);
        Assert.Equal(LibvmafPooledMean(), y4m.VmafFull.ToString("F6", CultureInfo.InvariantCulture));
        Assert.Equal((raw.VmafFull, raw.VmafMasked, raw.VmafRoi), (y4m.VmafFull, y4m.VmafMasked, y4m.VmafRoi));
        Assert.True(y4m.VmafMasked > y4m.VmafFull, "blending halfway to the reference must raise VMAF");
    }

    [Fact]
    public void A_width_that_disagrees_with_a_y4m_file_is_an_invalid_input_naming_the_file()
    {
        string reference = WriteY4m(_golden.ReferenceRaw, "ref.y4m");
        string distorted = WriteY4m(_golden.DistortedRaw, "dis.y4m");

        (int code, string stdout, string stderr) = Run("--reference", reference, "--distorted", distorted, "--width", "32", "--synthetic-mask", "0.5", "--engine", "managed");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Empty(stdout);
        Assert.Equal($"vmaf-roi-score: '{reference}' is 64x48 yuv420p, but --width 32 was given; drop --width/--height/--pix-fmt for Y4M and container inputs", stderr.TrimEnd('\n'));
    }

    [Fact]
    public void A_pix_fmt_that_disagrees_with_a_container_is_an_invalid_input_naming_the_file()
    {
        (int code, string stdout, string stderr) = Run("--reference", _golden.ReferenceMkv, "--distorted", _golden.DistortedMkv, "--pix-fmt", "yuv444p", "--synthetic-mask", "0.5", "--engine", "managed");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Empty(stdout);
        Assert.Equal($"vmaf-roi-score: '{_golden.ReferenceMkv}' is 64x48 yuv420p, but --pix-fmt yuv444p was given; drop --width/--height/--pix-fmt for Y4M and container inputs", stderr.TrimEnd('\n'));
    }

    [Theory]
    [InlineData("libvmaf")]
    [InlineData("ffmpeg")]
    [InlineData("managed")]
    [InlineData("auto")]
    public void A_bit_depth_libvmaf_does_not_take_exits_64_before_any_vmaf_tool_runs(string engine)
    {
        FrameGeometry g = YuvFormat.Parse("yuv420p9le").WithSize(64, 48);
        string reference = _temp.RawClip("ref9.yuv", g, 2, seed: 1);
        string distorted = _temp.RawClip("dis9.yuv", g, 2, seed: 2);
        string calls = _temp.File("calls.txt");
        string fake = _temp.Script("vmaf", $"echo \"$@\" >> '{calls}'; exit 9");

        (int code, string stdout, string stderr) = Run(
            "--reference", reference, "--distorted", distorted, "--width", "64", "--height", "48", "--pix-fmt", "yuv420p9le",
            "--synthetic-mask", "0.5", "--engine", engine, "--vmaf-bin", fake);

        Assert.Equal(ExitCodes.MaskFailed, code);
        Assert.Empty(stdout);
        Assert.Equal(
            $"vmaf-roi-score: '{reference}' is 9-bit (yuv420p9le); libvmaf scores only 8, 10, 12 or 16 bits per sample: convert it first (e.g. ffmpeg -pix_fmt yuv420p10le)",
            stderr.TrimEnd('\n'));
        Assert.False(File.Exists(calls), $"vmaf was started with: {(File.Exists(calls) ? File.ReadAllText(calls) : string.Empty)}");
    }

    private string[] RawArgs(params string[] extra) =>
        ["--reference", _golden.ReferenceRaw, "--distorted", _golden.DistortedRaw, "--width", "64", "--height", "48", .. extra];

    private string WriteY4m(string raw, string name)
    {
        string path = _temp.File(name);
        using FrameSource source = FrameReader.Open(raw, _golden.Geometry);
        using FrameWriter writer = FrameWriter.CreateY4m(path, _golden.Geometry, new FrameRate(25, 1));
        while (source.ReadNext() is { } frame)
        {
            using (frame)
            {
                writer.Write(frame);
            }
        }

        writer.Complete();
        return path;
    }

    private string LibvmafPooledMean()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(_golden.LibvmafOutput("3.0.0", "vmaf_v0.6.1", scalar: true)));
        return doc.RootElement.GetProperty("pooled_metrics").GetProperty("vmaf").GetProperty("mean").GetDouble().ToString("F6", CultureInfo.InvariantCulture);
    }
}
